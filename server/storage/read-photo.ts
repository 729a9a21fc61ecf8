import { pathlessError } from './pathless-error';
import type { PhotoRef, PhotoStore } from './photo-store';

/** The whole photo in memory (a webhook body is built from it). */
export async function readPhoto(store: PhotoStore, ref: PhotoRef): Promise<Buffer> {
  const { stream } = await store.open(ref);
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  } catch (error) {
    throw pathlessError(error, 'reading a stored photo');
  }
  return Buffer.concat(chunks);
}
