import { createHmac, randomBytes } from 'node:crypto';

/** Event webhook secrets: 32 random bytes as hex, which the svix scheme decodes back to bytes. */
export const newEventSecret = (): string => randomBytes(32).toString('hex');

/**
 * The signature headers of one attempt (API.md "Event webhooks"). The timestamp is the attempt's, so a receiver's
 * replay window works on retries too; the body is the stored one, byte for byte.
 *  - hmac_sha256: X-Apertur-Signature = sha256=hex(HMAC-SHA256(secret as UTF-8, "{ts}.{body}")).
 *  - svix: svix-signature = v1,base64(HMAC-SHA256(hex-decoded secret, "{id}.{ts}.{body}")), svix-id stable per delivery.
 */
export function signatureHeaders(method: 'hmac_sha256' | 'svix', secret: string, deliveryId: string, body: string, nowMs: number): Record<string, string> {
  const ts = String(Math.floor(nowMs / 1000));
  if (method === 'svix') {
    const id = `msg_${deliveryId}`;
    const signature = createHmac('sha256', Buffer.from(secret, 'hex')).update(`${id}.${ts}.${body}`, 'utf8').digest('base64');
    return { 'svix-id': id, 'svix-timestamp': ts, 'svix-signature': `v1,${signature}` };
  }
  const signature = createHmac('sha256', secret).update(`${ts}.${body}`, 'utf8').digest('hex');
  return { 'x-apertur-timestamp': ts, 'x-apertur-signature': `sha256=${signature}` };
}
