import { probeDimensions } from '../image-bytes/probe';
import { type E2eSettings, withE2e } from './e2e/e2e-prepare';
import { createIndexedDbUploadStore } from './persistence/indexeddb-upload-store';
import { loadPreparation } from './load-preparation';
import { browserOnlineStatus } from './online-status';
import { createUploadQueue } from './queue';
import { realClock } from './real-clock';
import type { MeasureQuality, PrepareFile, UploadLimits, UploadQueue, UploadQueueOptions } from './types';
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

/** The quality hint comes with the preparation code too; a photo it cannot measure gets none. */
const measureLazily: MeasureQuality = (file) =>
  loadPreparation().then(
    ({ measurePhotoQuality }) => measurePhotoQuality(file),
    () => undefined,
  );

/** The preparation worker's sealing, for end-to-end sessions: it comes with the preparation code. */
const inWorker = () => loadPreparation().then(({ sealInWorker }) => sealInWorker);

/** Tests only: the network, the clock, the compression, the storage or the online status, scripted. */
export type PageQueueEngine = Partial<Pick<UploadQueueOptions, 'transport' | 'clock' | 'prepare' | 'measure' | 'createId' | 'random' | 'store' | 'online'>>;

export interface PageQueueOptions {
  sessionId: string;
  /** From the latest session read; later reads go through `setLimits` (compared by value). */
  limits: UploadLimits;
  /** The verified session password, if any; a later one goes through `setPassword`. */
  password?: string;
  /** The session's expiry on this device's clock: copies kept for a reload are purged after it. */
  expiresAt?: number;
  /**
   * The session read's end-to-end fields: with a key, every prepared photo is sealed for it before it is kept or
   * sent; `e2eAllowDowngrade` lets a page that cannot encrypt send plain photos rather than refuse them.
   */
  e2e?: { e2ePublicKey?: string | null; e2eAllowDowngrade?: boolean };
  engine?: PageQueueEngine;
}

/**
 * The page's upload queue for one session, wired to the browser: XHR uploads, IndexedDB copies that
 * survive a reload, the browser's online status, and the preparation code fetched on first use.
 * Making it has no side effect; `start()` restores and follows the online status.
 */
export function createPageQueue({ sessionId, limits, password, expiresAt, e2e: fields, engine }: PageQueueOptions): UploadQueue {
  const prepare = engine?.prepare ?? prepareLazily;
  const key = fields?.e2ePublicKey;
  const e2e: E2eSettings | undefined = key == null ? undefined : { publicKey: key, allowDowngrade: fields?.e2eAllowDowngrade === true };
  return createUploadQueue({
    sessionId,
    limits,
    expiresAt,
    transport: engine?.transport ?? createXhrTransport(),
    clock: engine?.clock ?? realClock,
    // The envelope declares the prepared photo's dimensions (the server cannot read them). `probe` is imported
    // statically: a dynamic import here made Vite preload the inlined stylesheet, which is no file, and failed.
    prepare: e2e === undefined ? prepare : withE2e(prepare, e2e, { dimensions: probeDimensions, inWorker }),
    // Tests that script the compression measure nothing unless they pass their own measure.
    measure: engine?.prepare === undefined ? (engine?.measure ?? measureLazily) : engine.measure,
    createId: engine?.createId,
    random: engine?.random,
    // Tests that script the network keep storage and online status out unless they pass their own.
    store: engine === undefined ? createIndexedDbUploadStore() : engine.store,
    online: engine === undefined ? browserOnlineStatus() : engine.online,
    getPassword: () => password,
  });
}
