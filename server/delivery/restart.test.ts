import { afterEach, describe, expect, it } from 'vitest';
import { makeJpeg } from '../test/fixtures';
import { onCluster } from '../test/helpers';
import {
  createSession,
  createWebhook,
  dataRows,
  firstDelivery,
  type Receiver,
  removeData,
  startApp,
  startReceiver,
  storeImage,
  uploadPhoto,
  tempDir,
  untilStatus,
} from '../test/delivery-fixtures';

const deliveryIdOf = async (dataDir: string): Promise<unknown> => ((await dataRows(dataDir, 'SELECT id FROM deliveries'))[0] as { id: string } | undefined)?.id;

describe('deliveries survive a restart', () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const step of cleanup.reverse()) await step();
    cleanup.length = 0;
  });

  async function receiverAnswering(status: (n: number) => number): Promise<Receiver> {
    const receiver = await startReceiver(status);
    cleanup.push(() => receiver.close());
    return receiver;
  }

  it('a delivery still retrying at shutdown completes after the restart, with the same delivery id', async () => {
    const dataDir = tempDir();
    cleanup.push(() => removeData(dataDir));
    let failing = true;
    const receiver = await receiverAnswering(() => (failing ? 500 : 200));
    // A long first backoff keeps the delivery waiting while we close the server.
    const first = await startApp(dataDir, { WEBHOOK_RETRY_BASE_MS: '600000' });
    await createWebhook(first, receiver.url, { is_default: true });
    const sessionId = await createSession(first);
    await uploadPhoto(first, sessionId, makeJpeg(16, 16));
    await receiver.waitFor(1);
    await untilStatus(first, sessionId, (body) => firstDelivery(body)?.status === 'retrying');
    const deliveryId = await deliveryIdOf(dataDir);
    await first.close();

    failing = false;
    // The server comes back after the retry fell due (the first backoff is 10 min ± 20 %).
    const second = await startApp(dataDir, {}, 15 * 60_000);
    cleanup.push(() => second.close());
    const status = await untilStatus(second, sessionId, (body) => firstDelivery(body)?.status === 'sent');

    expect(firstDelivery(status)).toMatchObject({ status: 'sent', attempts: 2, last_error: null });
    expect(receiver.requests.map((r) => r.headers['x-aptr-delivery-id'])).toEqual([deliveryId, deliveryId]);
  });

  it('a delivery cut mid-send by a crash is sent again at start-up, same id, attempt still counted', async () => {
    const dataDir = tempDir();
    cleanup.push(() => removeData(dataDir));
    const receiver = await receiverAnswering(() => 200);
    const first = await startApp(dataDir);
    await createWebhook(first, receiver.url, { is_default: true });
    const sessionId = await createSession(first);
    await uploadPhoto(first, sessionId, makeJpeg(16, 16));
    await receiver.waitFor(1);
    await untilStatus(first, sessionId, (body) => firstDelivery(body)?.status === 'sent');
    const deliveryId = await deliveryIdOf(dataDir);
    await first.close();

    // What a crash during the send leaves behind: the row still says "sending", under this server's claim, with a
    // lease far from lapsed. The restart knows its own name, so it does not wait for the lease.
    const claimed = await dataRows(dataDir, "UPDATE deliveries SET status = 'sending', lease_until = $1 WHERE claimed_by IS NOT NULL RETURNING id", [
      Date.now() + 3_600_000,
    ]);
    expect(claimed).toHaveLength(1);

    const second = await startApp(dataDir);
    cleanup.push(() => second.close());
    const requests = await receiver.waitFor(2);
    const status = await untilStatus(second, sessionId, (body) => firstDelivery(body)?.status === 'sent');
    expect(requests[1]?.headers['x-aptr-delivery-id']).toBe(deliveryId);
    expect(firstDelivery(status)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  // SQLite's past only: a cluster has planned deliveries in the photo's own transaction from the start.
  it.skipIf(onCluster)('a photo committed just before a crash (never planned) gets its deliveries at the next start', async () => {
    const dataDir = tempDir();
    cleanup.push(() => removeData(dataDir));
    const receiver = await receiverAnswering(() => 200);
    const first = await startApp(dataDir);
    await createWebhook(first, receiver.url, { is_default: true });
    const sessionId = await createSession(first);
    // The row and file exist but the deliveries do not: a row written before planning shared its transaction.
    storeImage(first, sessionId, makeJpeg(16, 16), { plan: false, publish: false });
    expect(await deliveryIdOf(dataDir)).toBeUndefined();
    await first.close();

    const second = await startApp(dataDir);
    cleanup.push(() => second.close());
    await untilStatus(second, sessionId, (body) => firstDelivery(body)?.status === 'sent');
    expect(receiver.requests).toHaveLength(1);
  });
});

