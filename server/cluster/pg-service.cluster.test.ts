import fs from 'node:fs';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { startPgService } from '../test/pg-service';

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

describe('the test PostgreSQL service', () => {
  it('says what to install when the binaries are missing', async () => {
    await expect(startPgService({ QRDROP_PG_BIN: '/nonexistent/postgresql/bin' })).rejects.toThrow(/apt-get install postgresql-15.*QRDROP_PG_BIN/);
  });

  it('leaves nothing behind once stopped: no server on its port, no folder', async () => {
    // A second server beside the run's own (on the next free port of the range).
    const service = await startPgService({ ...process.env, QRDROP_TEST_PG_PORT: undefined });
    expect(await listening(service.port)).toBe(true);
    expect(fs.existsSync(`${service.folder}/data/PG_VERSION`)).toBe(true);
    service.stop();
    service.stop();
    expect(await listening(service.port)).toBe(false);
    expect(fs.existsSync(service.folder)).toBe(false);
  }, 90_000);
});
