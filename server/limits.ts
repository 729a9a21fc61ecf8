/**
 * Every limit, default and timeout of the server in one visible place.
 * Configuration (server/config.ts) may override the ones marked "configurable".
 */
export const MB = 1024 * 1024;

export const SESSION = {
  maxImagesDefault: 10,
  maxImagesMin: 1,
  maxImagesMax: 200,
  expiresInHoursDefault: 1,
  expiresInHoursMin: 1,
  expiresInHoursMax: 168,
  maxImageSizeMbDefault: 20, // configurable: MAX_IMAGE_SIZE_MB
  passwordMinLength: 4,
  passwordMaxLength: 128,
  labelMaxLength: 200,
  tagsMax: 50,
  tagMaxLength: 100,
  /** Integrators may raise the per-file limit up to this (the same ceiling as MAX_IMAGE_SIZE_MB). */
  maxImageSizeMbMin: 0.1,
  maxImageSizeMbMax: 200,
  maxImageDimensionMin: 16,
  maxImageDimensionMax: 30_000,
  destinationIdsMax: 20,
  destinationIdMaxLength: 100,
} as const;

export const MIME_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic'] as const;
export type MimeType = (typeof MIME_TYPES)[number];

export const UPLOAD = {
  sources: ['camera', 'gallery', 'sdk', 'my-app'] as const,
  defaultSource: 'camera',
  /** Multipart guards: one file, a handful of small text fields. */
  maxParts: 10,
  maxFields: 5,
  maxFieldSizeBytes: 1024,
  /** What a whole upload body may carry beyond its file: boundaries, part headers, the small fields. */
  formOverheadBytes: 64 * 1024,
  maxFilenameLength: 255,
  idempotencyKeyMaxLength: 200,
  /** Decompression-bomb guard: declared pixels beyond this are refused whatever max_image_dimension says. */
  maxPixels: 100_000_000,
  /** A HEIC's `meta` box (item list, properties) is kilobytes; past this we refuse to walk it. */
  heifMetaMaxBytes: 4 * MB,
  /**
   * Cost bounds of the format checks (issue 11): a photo has a few dozen boxes, segments or chunks; a file made of
   * millions of empty ones is refused (400 image_too_complex) instead of being walked. Boxes are per box list (a
   * HEIC lists four: top level, meta, iprp, ipco), segments are JPEG markers before the first scan, chunks are PNG
   * and WebP chunks (a 200 MB PNG of 8 KB IDATs has 25 600).
   */
  maxBoxesPerList: 4096,
  maxJpegSegments: 4096,
  maxChunks: 65_536,
  /** The time one upload's format checks may spend, waits for the disk excluded, before it is refused (a real 20 MB photo: ~0.07 s). */
  checkBudgetMs: 5_000,
  /**
   * After refusing a body too large (or unsized) to drain, what more of it is read and dropped behind the answer
   * before the connection closes (a lingering close), so the client's last writes do not reset the answer away.
   */
  lingerMs: 2_000,
  lingerMaxBytes: 16 * MB,
} as const;

export const RATE_LIMITS = {
  // configurable: RATE_LIMIT_* (per minute)
  sessionCreatesPerKey: 100,
  sessionReadsPerKey: 300,
  otherRequestsPerKey: 200,
  uploadsPerSession: 30,
  /** Requests with a missing or unknown API key, per client address and window: key guessing gets 429. */
  failedKeyAttemptsPerAddress: 20,
  windowMs: 60_000,
  /** How often ended windows are swept (memory, or PostgreSQL's `rate_windows`), and at most how many rows a sweep deletes there. */
  windowSweepMs: 60_000,
  windowSweepMaxRows: 1_000,
} as const;

/**
 * Wrong session-password guesses (verify-password, uploads, the event stream), counted per client address (IPv6 by
 * its /64) and per session. Only wrong guesses count, and a client over its allowance is refused (429) alone: a
 * link holder who guesses cannot lock out the phone that has the password. Brute force stays bounded: one address
 * gets 10 a minute and at most 100 an hour; past 100 wrong an hour at a session (many addresses together), an
 * address is only checked while it has fewer than 3 wrong guesses that hour, so 100 + 3 per address an hour.
 */
export const PASSWORD_GUESSES = {
  perClientPerMinute: 10,
  clientWindowMs: 60_000,
  perSessionPerHour: 100,
  sessionWindowMs: 60 * 60_000,
  /** Past the session's ceiling: the wrong guesses an hour an address may have and still be checked (a person mistyping twice). */
  perClientPerHourPastCeiling: 3,
} as const;

export const QR = {
  /** Pixel side of a PNG/JPEG (and the width/height of an SVG). */
  sizeMin: 64,
  sizeMax: 2048,
  sizeDefault: 512,
  /** Quiet zone, in modules; the QR spec asks for 4. */
  borderMin: 0,
  borderMax: 20,
  borderDefault: 4,
  jpegQuality: 90,
  /** The terminal has little room: 2 modules of quiet zone still scan on a dark screen. */
  terminalMargin: 2,
} as const;

export const TIMEOUTS = {
  // Slow or idle clients are cut off instead of holding the server (configurable: HEADERS_TIMEOUT_MS,
  // IDLE_TIMEOUT_MS, REQUEST_TIMEOUT_MS, KEEP_ALIVE_TIMEOUT_MS).
  /** From the first byte of a request to the end of its headers: a slowloris client gets a 408 and is closed. */
  headersMs: 30_000,
  /**
   * A socket with no bytes moving either way for this long is closed: a client that connects and says nothing,
   * an upload whose body stalls. The page gives up on a stalled upload after 30 s too, and retries.
   */
  idleMs: 30_000,
  /** Headers and body together: a body that trickles just fast enough to dodge idleMs ends here with a 408. */
  requestMs: 10 * 60_000,
  /** A kept-alive connection waiting for its next request. */
  keepAliveMs: 5_000,
  /** Node checks the headers and request deadlines on a timer; it runs at least this often. */
  deadlineCheckMaxMs: 5_000,
  /** Long-poll hold for delivery-status (configurable: LONG_POLL_MAX_SECONDS). */
  longPollMaxMs: 5 * 60_000,
  shutdownGraceMs: 15_000,
  /** After the grace time, how long cut-off uploads get to delete their partial files before the process exits anyway. */
  shutdownCleanupMs: 5_000,
} as const;

export const BODY = {
  /** JSON bodies on integrator routes are tiny; anything larger is 413. */
  jsonMaxBytes: 64 * 1024,
} as const;

export const LIST = {
  pageSizeDefault: 20,
  pageSizeMax: 100,
  recentDefault: 10,
  recentMax: 50,
} as const;

export const DELIVERY = {
  /** A webhook receiver must answer 2xx within this to count as delivered (API.md: 30 s). */
  webhookTimeoutMs: 30_000,
  /** Retries after the first attempt (API.md: up to 5), so at most 6 attempts per delivery. */
  maxRetries: 5,
  /** First retry delay, doubled each time: 10, 20, 40, 80, 160 s (configurable: WEBHOOK_RETRY_BASE_MS). */
  retryBaseMsDefault: 10_000,
  /** Each delay is spread by ±this fraction so receivers coming back up are not hit by every sender at once. */
  retryJitter: 0.2,
  /** Sends in flight at once, all destinations together. Each holds one photo in memory. */
  concurrency: 4,
  /** setTimeout's ceiling (~24.8 days); a due time further away is re-checked when this timer fires. */
  maxTimerMs: 2_147_483_647,
  lastErrorMaxLength: 300,
  /**
   * How long a claim holds a delivery (server/cluster/delivery-queue.ts): past it, the claimer is presumed dead and
   * the send is due again (same id, the attempt counted). Longer than a whole send: reading the photo, then up to
   * webhookTimeoutMs for the receiver's answer, with room to spare, so a live sender never loses its claim.
   */
  leaseMs: 3 * 30_000,
  /** How often each instance looks for sends whose lease lapsed (their instance died). */
  leaseSweepMs: 30_000,
  /** Webhook secrets: 32 random bytes, shown once at creation. */
  secretBytes: 32,
  destinationNameMaxLength: 100,
  destinationUrlMaxLength: 2048,
  destinationsPerKeyMax: 50,
  /** Longest file or folder name the folder destination writes (before the extension). */
  folderNameMaxLength: 100,
} as const;

export const LIVE = {
  /** SSE heartbeat comment, well under the 30 s idle cut of proxies and of the server's own socket timeout. */
  sseHeartbeatMs: 15_000,
  /** What an EventSource waits before reconnecting (sent as `retry:`). */
  sseRetryMs: 3_000,
  /** Last-Event-ID replay: events kept per session (`session_events`, the older ones deleted as new ones come). */
  replayEventsPerSession: 100,
  /** Open event streams per session: a desk, a phone, an integrator or two; more is someone holding sockets open. */
  sseStreamsPerSessionMax: 20,
  /**
   * In a cluster, an open stream's row (live_streams) is refreshed at each heartbeat; one not refreshed for this long
   * (three heartbeats: its instance was killed) no longer counts against the cap, and is swept.
   */
  sseStreamLeaseMs: 45_000,
  /** Extra socket time granted to a held long poll beyond its hold, so the answer always goes out first. */
  longPollSocketGraceMs: 10_000,
  /** A hold that ends at the session's expiry ends this much after it, so the answer already says "expired". */
  longPollExpiryMarginMs: 20,
} as const;

/** Apertur's server-key encryption (API.md, "Encrypted uploads"). */
export const ENCRYPTION = {
  algorithm: 'RSA-OAEP+AES-256-GCM',
  serverKeyBits: 2048,
  serverKeyFile: 'server-key.pem',
  aesKeyBytes: 32,
  ivBytes: 12,
  tagBytes: 16,
  /** An envelope carries the photo as base64 (4/3 of its size) plus the wrapped key and small fields. */
  envelopeOverheadBytes: 16 * 1024,
  /** End-to-end sessions (`e2e_public_key`): the integrator's RSA key, SPKI PEM. */
  e2eMinKeyBits: 2048,
  e2eMaxKeyBits: 16_384,
  e2eMaxPemLength: 8 * 1024,
} as const;
