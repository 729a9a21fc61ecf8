/**
 * The page's limits and timings in one visible place. (The server's are in server/limits.ts.)
 */

/** How much of an error body we read, and how much of it we show. */
export const ERROR_BODY = {
  /** Bodies past this are not parsed as JSON (a gateway page, a runaway response). */
  maxParseChars: 64 * 1024,
  /** A server sentence longer than this is cut with an ellipsis: it must fit a phone screen. */
  maxMessageChars: 200,
  maxCodeChars: 64,
} as const;

/** Session reads and the expiry countdown. */
export const SESSION_CLOCK = {
  /** The server's `Date` header has 1 s resolution: differences below this are rounding, not a wrong clock. */
  ignoreSkewBelowMs: 2_000,
  /** How often "time left" is redrawn (the expiry itself fires on its own exact timer). */
  tickMs: 1_000,
} as const;

/** How page requests (session read, password check) are retried: only what can succeed on retry. */
export const REQUEST_RETRY = {
  /** Retries after the first attempt, for network errors, 5xx and 429. */
  maxRetries: 3,
  baseDelayMs: 1_000,
  maxDelayMs: 15_000,
  /** A Retry-After longer than this is not waited for silently: the person gets "Tap to retry". */
  maxRetryAfterMs: 30_000,
} as const;

/**
 * Cost bounds of the page's byte parsers (issue 11): a photo has a few dozen segments, boxes or chunks; a file of
 * millions of empty ones is "unknown"/"unparseable" after these many instead of being walked to its end.
 */
export const PARSE_CAPS = {
  jpegSegments: 4096,
  isoBoxesPerList: 4096,
  webpChunks: 65_536,
  /** HEIC Exif blocks found by signature and cleaned; a photo has one. */
  heicExifBlocks: 16,
} as const;
