/**
 * The upload queue's limits and timings in one visible place.
 * (The page's other limits are in src/lib/limits.ts; the server's in server/limits.ts.)
 */
export const UPLOAD_QUEUE = {
  /** Two uploads at a time: enough to keep a phone's uplink busy, few enough that each one finishes soon. */
  concurrency: 2,
  /** Network errors, 408 and 5xx: exponential backoff with full jitter, from this base... */
  backoffBaseMs: 1_000,
  /** ...never waiting longer than this between two attempts... */
  backoffCapMs: 30_000,
  /** ...and giving up after this many attempts in a row ("Tap to retry" starts a new run). */
  maxAttempts: 5,
  /**
   * An upload with no byte moving for this long (nor an answer after the last byte) is aborted and
   * retried. Matches the server's idle cut (server/limits.ts TIMEOUTS.idleMs).
   */
  stallTimeoutMs: 30_000,
  /**
   * Upload progress reaches listeners (and the screen) at most once per this interval, whatever the engine
   * fires: WebKit reports every 8 KB sent, hundreds of events within milliseconds for one photo. The first
   * report of an upload and its last byte show at once; status changes (done, failed...) are never held back.
   */
  progressIntervalMs: 250,
  /** Stored copies of a session whose expiry the page does not know live this long: a session's longest life (API.md, 168 h). */
  storedCopyFallbackTtlMs: 168 * 3_600_000,
  /** A 429 without a readable Retry-After or X-RateLimit-Reset waits this long. */
  rateLimitFallbackMs: 10_000,
  /** A 429 saying "retry now" still waits this long, so a confused proxy cannot make us hammer the server. */
  rateLimitMinWaitMs: 1_000,
  /** A 429 asking for a longer wait is tried again after this; the server says 429 again if it must. */
  rateLimitMaxWaitMs: 10 * 60_000,
} as const;

/**
 * How many picked files are checked and compressed at the same time. Compression is the page's slow step
 * (a 12 MP photo is ~0.5–1 s of decoding and encoding on a mid-range phone, in a worker), and one core
 * works on one photo: with one at a time, a fast uplink waits for the CPU. Two at a time need the cores
 * and the memory: a decoded 12 MP photo is ~48 MB, a 48 MP one ~200 MB, and phones kill tabs that hold
 * too much. So a second file starts only when the device has the cores and both files are small enough
 * that neither can be a huge photo (JPEG/HEIC at 12 MP are 2–7 MB; at 48 MP, 12–25 MB).
 */
export const PREPARATION = {
  /** Never more than this many files in preparation. */
  maxAtOnce: 2,
  /**
   * `navigator.hardwareConcurrency` from which a second preparation may run beside the first. Not 2: the
   * main thread, the browser's own work and the compression worker already share two cores, and a second
   * photo only halves the speed of the first (bench, 2-core machine, 10 photos: 10.2 and 11.1 s one at a
   * time, 11.7 and 14.8 s two at a time, the first send starting 2 s later). Phones have 6 to 8 cores.
   */
  minCoresForTwo: 4,
  /** A second preparation runs only while every file in preparation is at most this big. */
  maxBytesForTwo: 10 * 1024 * 1024,
} as const;
