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
