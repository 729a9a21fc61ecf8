import { createHmac, randomBytes } from 'node:crypto';
import { extensionForType, savedName } from '../storage/download-name';
import type { WebhookFormat } from './destination-store';

/** What the receiver learns about the photo, besides its bytes. Field names follow the API's snake_case. */
export interface WebhookMetadata {
  event: 'image.uploaded';
  delivery_id: string;
  session_id: string;
  image_id: string;
  index: number;
  filename: string;
  mime_type: string;
  size_bytes: number;
  sha256: string;
  source: string;
  tags: string[];
  label: string | null;
  created_at: string;
  /** (qrdrop) It arrived encrypted; `e2e`: the image part is its envelope (JSON), sealed for the session's key. */
  is_encrypted: boolean;
  e2e: boolean;
  width: number | null;
  height: number | null;
}

export interface WebhookRequest {
  body: Buffer;
  headers: Record<string, string>;
}

/** `sha256=<hex HMAC-SHA256 of the exact body bytes>`, the value of X-Aptr-Signature and X-Apertur-Signature. */
export const signBody = (body: Buffer, secret: string): string =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/**
 * Builds the exact bytes that go on the wire, then signs them: the receiver verifies the raw body it got,
 * so the body is assembled here in full rather than streamed by a library we cannot see into.
 */
export function buildWebhookRequest(
  format: WebhookFormat,
  metadata: WebhookMetadata,
  image: Buffer,
  secret: string,
  attempt: number,
): WebhookRequest {
  const { body, contentType } = format === 'json_base64' ? jsonBody(metadata, image) : multipartBody(metadata, image);
  const signature = signBody(body, secret);
  return {
    body,
    headers: {
      'content-type': contentType,
      'content-length': String(body.length),
      'user-agent': 'qrdrop-webhook/1',
      'x-aptr-signature': signature,
      'x-apertur-signature': signature,
      'x-aptr-session-id': metadata.session_id,
      'x-aptr-image-id': metadata.image_id,
      'x-aptr-image-index': String(metadata.index),
      'x-aptr-delivery-id': metadata.delivery_id,
      // qrdrop: which try this is (1 = first), so a receiver can tell a retry from a duplicate.
      'x-aptr-attempt': String(attempt),
    },
  };
}

function jsonBody(metadata: WebhookMetadata, image: Buffer): { body: Buffer; contentType: string } {
  return {
    body: Buffer.from(JSON.stringify({ ...metadata, data: image.toString('base64') }), 'utf8'),
    contentType: 'application/json',
  };
}

/** multipart/form-data: one text part per metadata field, a `metadata` JSON part, then the `image` file part. */
function multipartBody(metadata: WebhookMetadata, image: Buffer): { body: Buffer; contentType: string } {
  const boundary = `qrdrop-${randomBytes(16).toString('hex')}`;
  const parts: Buffer[] = [];
  const text = (name: string, value: string, type = 'text/plain; charset=utf-8') =>
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\nContent-Type: ${type}\r\n\r\n${value}\r\n`));
  for (const [name, value] of Object.entries(metadata)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') text(name, String(value).replace(/[\r\n]/g, ' '));
  }
  text('metadata', JSON.stringify(metadata), 'application/json');
  parts.push(
    Buffer.from(
      // The file part's name is one a receiver may save under: the same rule as downloads (savedName).
      `--${boundary}\r\nContent-Disposition: form-data; name="image"; ${dispositionFilename(partName(metadata))}\r\n` +
        `Content-Type: ${metadata.e2e ? 'application/json' : metadata.mime_type}\r\n\r\n`,
    ),
    image,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** An end-to-end photo's part is its envelope: `<name>.<ext>.enc`. */
function partName(metadata: WebhookMetadata): string {
  const name = savedName(metadata.filename, extensionForType(metadata.mime_type));
  return metadata.e2e ? `${name}.enc` : name;
}

/**
 * The filename parameter as browsers write it (HTML's form-data encoding): UTF-8, with `"`, CR and LF
 * percent-escaped. RFC 7578 forbids the RFC 5987 `filename*` form in multipart/form-data, and parsers refuse it.
 */
function dispositionFilename(name: string): string {
  return `filename="${name.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}"`;
}
