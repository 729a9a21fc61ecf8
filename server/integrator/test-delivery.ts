import { randomUUID } from 'node:crypto';
import type { Config } from '../config';
import type { Destination } from '../delivery/destination-store';
import { checkWebhookUrl } from '../delivery/ssrf-guard';
import { signBody } from '../delivery/webhook-payload';
import { postWebhook, SendError } from '../delivery/webhook-transport';
import { DELIVERY } from '../limits';

export interface TestResult {
  success: boolean;
  status?: number;
  error?: string;
  message: string;
}

/**
 * `POST …/destinations/{id}/test`: one real POST to the webhook, signed with its secret exactly like a photo
 * delivery (X-Aptr-Signature / X-Apertur-Signature over the raw body), through the same SSRF guard and transport.
 * It is not queued or retried: the caller wants the answer of this one try.
 */
export async function testDestination(config: Config, destination: Destination, now: number): Promise<TestResult> {
  if (destination.type !== 'webhook' || destination.url === null || destination.secret === null) {
    return { success: false, error: 'not_a_webhook', message: 'Only webhook destinations can be tested.' };
  }
  const verdict = checkWebhookUrl(destination.url, { allowPrivate: config.webhookAllowPrivate, serverOrigin: config.publicUrl });
  if (!verdict.ok) return { success: false, error: 'url_not_allowed', message: verdict.reason ?? 'url is not allowed.' };
  const deliveryId = randomUUID();
  const body = Buffer.from(
    JSON.stringify({ event: 'destination.test', delivery_id: deliveryId, destination_id: destination.id, created_at: new Date(now).toISOString() }),
    'utf8',
  );
  const signature = signBody(body, destination.secret);
  try {
    const status = await postWebhook(
      new URL(destination.url),
      body,
      {
        'content-type': 'application/json',
        'content-length': String(body.length),
        'user-agent': 'qrdrop-webhook/1',
        'x-aptr-signature': signature,
        'x-apertur-signature': signature,
        'x-aptr-delivery-id': deliveryId,
        'x-aptr-test': 'true',
      },
      { allowPrivate: config.webhookAllowPrivate, signal: AbortSignal.timeout(DELIVERY.webhookTimeoutMs) },
    );
    const success = status >= 200 && status < 300;
    return success
      ? { success, status, message: `The webhook answered ${status}.` }
      : { success, status, error: `HTTP ${status}`, message: `The webhook answered ${status}.` };
  } catch (error) {
    const reason = error instanceof SendError ? error.message : 'network error';
    return { success: false, error: reason, message: `The test delivery failed: ${reason}.` };
  }
}
