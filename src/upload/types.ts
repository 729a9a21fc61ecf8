import type { FailureFacts, FailureMessageKey } from '../lib/http-failure';
import type { UploadStore } from './persistence/upload-store';

/**
 * The upload engine's contract: what the page shows (snapshot) and what it can ask (queue actions).
 * The engine is plain TypeScript; React only subscribes (see src/session/use-session-queue.ts).
 */

/** Where the person got the file: the `source` part of the upload (API.md). */
export type UploadSource = 'camera' | 'gallery';

/** What the session allows, as the page last read it (GET .../session). */
export interface UploadLimits {
  /** Free slots on the server at the time of that read (effectiveMaxImages - imagesCount). */
  remainingSlots: number;
  /** `effectiveAllowedMimeTypes`. */
  allowedMimeTypes: readonly string[];
  /** `effectiveMaxImageSizeBytes`. */
  maxImageSizeBytes: number;
  /** `effectiveMaxImageDimension`: longest side in px, or null when the session sets none. */
  maxImageDimension: number | null;
  /** Remove EXIF GPS before sending (default true: location is private). */
  stripGps: boolean;
}

/**
 * Per-file messages the engine emits, besides the `FailureMessageKey`s of http-failure.ts.
 * Params are listed next to each key; every key needs an entry in the en/fr/es catalogs.
 */
export type UploadMessageKey =
  /** More files than free slots: `{ count }` = how many more fit (may be 0). */
  | 'file.onlyNMoreFit'
  /** The bytes are not an image at all (PDF, text, video...). */
  | 'file.notAnImage'
  /** An image of a type the session refuses, that cannot be converted here. `{ type }` */
  | 'file.typeNotAllowed'
  /** The session only allows types this browser cannot write (WebP on WebKit), nothing to convert to. `{ type }` */
  | 'file.cannotMakeType'
  /** An image the browser cannot decode (truncated, corrupt). */
  | 'file.undecodable'
  /** A HEIC/HEIF that must be converted, on a browser that cannot decode HEIC (Chromium, Firefox). */
  | 'file.heicCannotConvert'
  /** Re-encoding did not finish within the deadline (compress/deadline-strategy.ts). */
  | 'file.compressTimedOut'
  /** Still over the size limit after compression. `{ maxMb }` */
  | 'file.tooLargeAfterCompression'
  /** Zero bytes. */
  | 'file.empty'
  /** The browser could not read the file any more (moved, permission lost). */
  | 'file.unreadable'
  /** After a reload or a closed tab: the browser did not keep this photo's bytes (or they changed). Pick it again. */
  | 'file.notKept'
  /** An end-to-end session, and this page cannot encrypt (no WebCrypto: not a secure context); no downgrade allowed. */
  | 'file.e2eUnavailable';

export type ItemMessageKey = UploadMessageKey | FailureMessageKey;

/** What an item shows: a per-file message, or an HTTP failure's facts (its `detail.message` shown under it). */
export interface ItemMessage extends Omit<FailureFacts, 'status' | 'requestId'> {
  key: ItemMessageKey;
  params?: Readonly<Record<string, string | number>>;
  /** The HTTP status of the answer it comes from, if one did. */
  status?: number;
}

export type QueueItemStatus =
  /** Reading the first bytes to learn the real type. */
  | 'checking'
  /** Resizing / converting / removing location data. */
  | 'compressing'
  /** Ready, waiting for an upload slot (2 at a time) or for a pause to end. */
  | 'queued'
  | 'uploading'
  /** A network error or 5xx: waiting for its backoff before trying again (see `retryAt`). */
  | 'retry-wait'
  /** The server confirmed it (201). */
  | 'done'
  | 'failed';

/**
 * The quality hint on a photo (measured by compress/quality.ts once it is prepared): "looks blurry" or "too dark",
 * with keep / retake. Only a hint: the photo goes up all the same.
 */
export type PhotoQuality = 'blurry' | 'dark';

/**
 * What the preparation saw of a photo it decoded (compress/photo-look.ts): its quality hint (undefined: nothing to
 * say) and a small preview for its row. The queue then measures nothing more and the row decodes no original.
 */
export interface PreparedLook {
  quality: PhotoQuality | undefined;
  preview: Blob;
}

/** Measures a picked photo's quality; undefined: nothing to say (or it could not be measured). */
export type MeasureQuality = (file: File) => Promise<PhotoQuality | undefined>;

export interface QueueItem {
  readonly id: string;
  readonly name: string;
  readonly source: UploadSource;
  readonly originalSize: number;
  /** The declared `file.type` (may be empty or wrong on phones; the engine trusts bytes). */
  readonly originalType: string;
  /** What is actually sent, once prepared. */
  readonly sentSize?: number;
  readonly sentType?: string;
  readonly status: QueueItemStatus;
  /** 0..1 of the bytes of the current attempt sent. */
  readonly progress: number;
  /** Attempts in the current run of failures (reset when bytes got through or on retry()). */
  readonly attempts: number;
  /** Epoch ms when a 'retry-wait' item tries again. */
  readonly retryAt?: number;
  readonly message?: ItemMessage;
  /** The server's image id once confirmed. */
  readonly imageId?: string;
  /** The quality hint, until the person keeps the photo (keep()) or takes it again (remove()). */
  readonly quality?: PhotoQuality;
  /** The original file: the UI makes the row's thumbnail from it when the preparation made no `preview`. */
  readonly file: File;
  /** A small picture of the photo, from the decode that prepared it (PreparedLook): the row's thumbnail. */
  readonly preview?: Blob;
}

export type QueuePhase =
  /** Nothing to do. */
  | 'idle'
  /** Checking, compressing, uploading or waiting for a backoff. */
  | 'running'
  /** The browser is offline: photos wait (nothing is lost) and go as soon as it is back online. */
  | 'offline'
  /** A 429: everything waits until `resumeAt`, then resumes by itself. */
  | 'rate-limited'
  /** The session refuses uploads (404/403/409/410/422, or 401 wrong password): see `sessionFailure`. */
  | 'session-stopped'
  /** Nothing running, and some items failed on connection problems after all attempts: offer "Tap to retry". */
  | 'needs-retry';

/** An upload answer that stops the whole queue; `scope` is the status table's (http-failure.ts). */
export interface SessionFailure extends FailureFacts {
  /** 'password': the kept password is missing or wrong (ask again, then retry()); 'session': it refuses uploads. */
  scope: 'session' | 'password';
  status: number;
  key: FailureMessageKey;
}

export interface QueueSnapshot {
  readonly items: readonly QueueItem[];
  readonly phase: QueuePhase;
  /** Epoch ms when a rate-limit pause ends (for the countdown). */
  readonly resumeAt?: number;
  readonly sessionFailure?: SessionFailure;
  /** Items the server confirmed during this queue's life. */
  readonly confirmedCount: number;
}

/** One upload request, as the queue builds it. */
export interface UploadRequest {
  url: string;
  headers: Readonly<Record<string, string>>;
  body: FormData;
}

/** An HTTP answer (any status), or no answer at all. Header names are lower-case. */
export type TransportResult =
  | { kind: 'response'; status: number; headers: Readonly<Record<string, string>>; bodyText: string }
  | { kind: 'network-error'; bytesSent: number }
  | { kind: 'aborted' };

export interface UploadTransport {
  send(request: UploadRequest, onProgress: (sentBytes: number, totalBytes: number) => void, signal: AbortSignal): Promise<TransportResult>;
}

export type TimerHandle = ReturnType<typeof globalThis.setTimeout>;

/** Time, injectable so tests script it. */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** A file ready to send, or the reason it cannot be. */
export type PrepareResult =
  | { ok: true; blob: Blob; type: string; name: string; look?: PreparedLook }
  | { ok: false; message: ItemMessage };

/**
 * Checks a file's bytes and makes it fit the limits (compression, conversion, GPS removal).
 * `onCompressing` is called when real work starts, so the item can show 'compressing'.
 */
export type PrepareFile = (file: File, limits: UploadLimits, onCompressing: () => void) => Promise<PrepareResult>;

export interface UploadQueueOptions {
  sessionId: string;
  limits: UploadLimits;
  transport: UploadTransport;
  clock: Clock;
  prepare: PrepareFile;
  /** The quality hint of each photo picked in this page life, measured once it is prepared; default: none. */
  measure?: MeasureQuality;
  /** The verified session password, read at each send (header `x-session-password`); setPassword() replaces it. */
  getPassword?: () => string | undefined;
  /** Idempotency keys and item ids; default crypto.randomUUID. */
  createId?: () => string;
  /** 0..1, for backoff jitter; default Math.random. */
  random?: () => number;
  /** Whether the browser is online; default: always online. */
  online?: OnlineStatus;
  /**
   * Where unconfirmed files are kept so a reload or a killed tab loses nothing; default: nowhere.
   * The queue restores this session's files from it when it is made.
   */
  store?: UploadStore;
  /** Epoch ms when the session expires: stored copies are useless after that and are purged. */
  expiresAt?: number;
  /** Hex SHA-256 of a blob (restored files are checked against it); default sha256Hex. */
  hash?: (blob: Blob) => Promise<string>;
  /** The device's cores, for how many files are prepared at once; default navigator.hardwareConcurrency. */
  cores?: number;
}

/** The browser's idea of being online (navigator.onLine and its events), injectable so tests script it. */
export interface OnlineStatus {
  isOnline(): boolean;
  /** Calls `listener` on every change; returns the unsubscribe function. */
  subscribe(listener: (online: boolean) => void): () => void;
}

export interface UploadQueue {
  /**
   * Starts following the browser's online status and restores what an earlier page life left in
   * `store`. Separate from creation so that making a queue has no side effect (React may make one
   * and throw it away); calling it again does nothing.
   */
  start(): void;
  /** Adds files; extras beyond the free slots are listed as failed with 'file.onlyNMoreFit'. */
  add(files: readonly File[], source: UploadSource): void;
  /**
   * "Tap to retry": re-queues one failed item (by id), or every item that failed on a connection problem.
   * Without an id it also resumes after a wrong-password stop (call it once the new password is verified).
   */
  retry(itemId?: string): void;
  /**
   * The page is visible again (or the connection came back): what waits for a backoff, or gave up on
   * connection problems while the phone slept, is tried again now.
   */
  resume(): void;
  /** Drops an item that is not done (aborting its upload if running). */
  remove(itemId: string): void;
  /** "Keep": the person saw the quality hint and keeps the photo as it is; the hint goes. */
  keep(itemId: string): void;
  subscribe(listener: () => void): () => void;
  /** Same reference until something changes (for useSyncExternalStore). */
  getSnapshot(): QueueSnapshot;
  /** After the person typed the session password again (and the page verified it); undefined for none. */
  setPassword(password: string | undefined): void;
  /** New limits after a session re-read; slots used by this queue since then are counted again by the server. */
  setLimits(limits: UploadLimits): void;
  /** Aborts everything and stops all timers. */
  dispose(): void;
}
