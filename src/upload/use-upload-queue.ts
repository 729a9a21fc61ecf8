import { useEffect, useState, useSyncExternalStore } from 'react';
import { probeDimensions } from '../compress/probe';
import { type E2eSettings, withE2e } from './e2e/e2e-prepare';
import { createIndexedDbUploadStore } from './indexeddb-upload-store';
import { loadPreparation } from './load-preparation';
import { browserOnlineStatus } from './online-status';
import { createUploadQueue } from './queue';
import { realClock } from './real-clock';
import type { PrepareFile, QueueSnapshot, UploadLimits, UploadQueue, UploadQueueOptions, UploadSource } from './types';
import { useScreenAwake } from './use-screen-awake';
import { createXhrTransport } from './xhr-transport';

/**
 * Sniffing, EXIF and compression code is only needed once a photo is picked: fetched then at the latest,
 * not with the page. If that fetch fails (connection lost), the file can be retried by tap.
 */
const prepareLazily: PrepareFile = (file, limits, onCompressing) =>
  loadPreparation().then(
    ({ prepareForUpload }) => prepareForUpload(file, limits, onCompressing),
    () => ({ ok: false, message: { key: 'error.connection' } }),
  );

/**
 * The prepared photo's dimensions, declared beside its envelope (the server cannot read them). Imported here, not
 * fetched apart: a dynamic import from this chunk asks Vite's preload for the inlined main CSS, which fails.
 */
const probeLazily = (blob: Blob) => probeDimensions(blob);

export interface UseUploadQueueOptions {
  sessionId: string;
  /** From the latest session read; compared by value, so a new object with the same numbers changes nothing. */
  limits: UploadLimits;
  /** The verified session password, if any (kept current for every later send). */
  password?: string;
  /** The session's expiry on this device's clock: copies kept for a reload are purged after it. */
  expiresAt?: number;
  /** An end-to-end session: every prepared photo is sealed for its key before it is kept or sent. */
  e2e?: E2eSettings;
  /** Tests only: replace the network, the clock, the compression, the storage or the online status. */
  engine?: Partial<Pick<UploadQueueOptions, 'transport' | 'clock' | 'prepare' | 'createId' | 'random' | 'store' | 'online'>>;
}

export interface UploadQueueView {
  snapshot: QueueSnapshot;
  add: (files: readonly File[], source: UploadSource) => void;
  retry: (itemId?: string) => void;
  remove: (itemId: string) => void;
}

/**
 * The upload queue for one session, as React state. Call it where it outlives screen changes (the session
 * screens come and go; the queue must not), and key that component by session id: the queue is made once.
 * It is not disposed on unmount on purpose: uploads already on their way finish, nothing is lost.
 * Made, it restores what an earlier page life left unconfirmed (IndexedDB), follows the browser's
 * online status, and keeps the screen on while it sends.
 */
export function useUploadQueue({ sessionId, limits, password, expiresAt, e2e, engine }: UseUploadQueueOptions): UploadQueueView {
  const [queue] = useState<UploadQueue>(() =>
    createUploadQueue({
      sessionId,
      limits,
      expiresAt,
      transport: engine?.transport ?? createXhrTransport(),
      clock: engine?.clock ?? realClock,
      prepare: e2e === undefined ? (engine?.prepare ?? prepareLazily) : withE2e(engine?.prepare ?? prepareLazily, e2e, { dimensions: probeLazily }),
      createId: engine?.createId,
      random: engine?.random,
      // Tests that script the network keep storage and online status out unless they pass their own.
      store: engine === undefined ? createIndexedDbUploadStore() : engine.store,
      online: engine === undefined ? browserOnlineStatus() : engine.online,
      getPassword: () => password,
    }),
  );

  useEffect(() => queue.start(), [queue]);
  useEffect(() => {
    queue.setLimits(limits);
  }, [queue, limits]);
  useEffect(() => {
    queue.setPassword(password);
  }, [queue, password]);

  const snapshot = useSyncExternalStore(queue.subscribe, queue.getSnapshot);
  useScreenAwake(snapshot.phase === 'running' || snapshot.phase === 'rate-limited', queue.resume);
  return { snapshot, add: queue.add, retry: queue.retry, remove: queue.remove };
}
