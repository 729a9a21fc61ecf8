import { readBytes } from '../../image-bytes/file-sniff';
import type { QueueEntry } from '../queue-entry';
import type { QueueItem } from '../types';
import type { StoredOriginal, StoredUpload, UploadStore } from './upload-store';

export interface RestoreOptions {
  store: UploadStore;
  sessionId: string;
  now: number;
  hash: (blob: Blob) => Promise<string>;
  createId: () => string;
}

/**
 * What a reload or a killed tab left unconfirmed, as queue entries with their own Idempotency-Keys:
 * prepared files go straight back in line (sent once more, the server stores them once), picked files
 * are prepared again, and a file whose bytes the browser did not keep, or that no longer match their
 * size (and SHA-256, where one was kept), is listed as failed with 'file.notKept' so the person picks it again.
 * Expired copies (of any session) are purged first. Storage that cannot be read restores nothing.
 */
export async function restoreEntries({ store, sessionId, now, hash, createId }: RestoreOptions): Promise<QueueEntry[]> {
  await store.purgeExpired(now).catch(() => undefined);
  const records = await store.list(sessionId).catch((): StoredUpload[] => []);
  const entries: QueueEntry[] = [];
  // One at a time: each check reads a whole photo, and phones are short of memory.
  for (const record of records) entries.push(await restoreEntry(record, hash, createId()));
  return entries;
}

async function restoreEntry(record: StoredUpload, hash: RestoreOptions['hash'], id: string): Promise<QueueEntry> {
  const base = {
    id,
    name: record.name,
    source: record.source,
    originalSize: record.originalSize,
    originalType: record.originalType,
    progress: 0,
    attempts: 0,
  };
  const entry = (item: QueueItem, prepared?: QueueEntry['prepared']): QueueEntry => ({ item, idempotencyKey: record.key, order: record.order, prepared });
  const { prepared, original } = record;
  if (prepared !== undefined && (await intact(prepared, hash))) {
    const file = new File([prepared.blob], prepared.name, { type: prepared.type });
    const item: QueueItem = { ...base, status: 'queued', sentSize: prepared.size, sentType: prepared.type, file };
    return entry(item, { blob: prepared.blob, type: prepared.type, name: prepared.name });
  }
  if (original !== undefined && (await intact(original, hash))) {
    const lastModified = original.blob instanceof File ? original.blob.lastModified : undefined;
    return entry({ ...base, status: 'checking', file: new File([original.blob], record.name, { type: record.originalType, lastModified }) });
  }
  // Nothing to send, but the person must know: an empty stand-in keeps the name on screen.
  const file = new File([], record.name, { type: record.originalType });
  return entry({ ...base, status: 'failed', message: { key: 'file.notKept' }, file });
}

/**
 * The stored bytes are still there, with their size and, when one was kept, their SHA-256 (a lost copy
 * fails to read). An original kept without a hash (StoredOriginal) only has to be readable.
 */
async function intact(stored: StoredOriginal, hash: RestoreOptions['hash']): Promise<boolean> {
  if (stored.blob.size !== stored.size) return false;
  const expected = stored.sha256;
  const check = expected === undefined ? readBytes(stored.blob, 0, 1).then(() => true) : hash(stored.blob).then((sha256) => sha256 === expected);
  return check.catch(() => false);
}
