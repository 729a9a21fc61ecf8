import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The API key `npm start` prints for integrators: the first of QRDROP_API_KEYS when set, otherwise one
 * generated once and kept (mode 0600) in the data directory so it stays the same across runs.
 */
export function integratorKey(dataDir: string, configured: string | undefined): string {
  const fromEnv = configured?.split(',').map((k) => k.trim()).find(Boolean);
  if (fromEnv !== undefined) return fromEnv;
  const file = path.join(dataDir, 'integrator-api-key');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const key = `aptr_live_${randomBytes(24).toString('hex')}`;
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}
