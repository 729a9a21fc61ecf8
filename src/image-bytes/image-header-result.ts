/** What a picture's first bytes say about its size as shown (EXIF orientation or `irot` rotation applied). */
export type HeaderSize =
  | { kind: 'size'; width: number; height: number }
  /** The header goes on past the bytes given. */
  | { kind: 'need-more' }
  /** No size this reader can trust: a format it does not read, or a malformed header. */
  | { kind: 'unknown' };

export const NEED_MORE: HeaderSize = { kind: 'need-more' };
export const UNKNOWN: HeaderSize = { kind: 'unknown' };

/** Width and height as shown; `swap` when a quarter turn makes the stored width the shown height. */
export function sized(width: number, height: number, swap: boolean): HeaderSize {
  if (width <= 0 || height <= 0) return UNKNOWN;
  return swap ? { kind: 'size', width: height, height: width } : { kind: 'size', width, height };
}

export const viewOf = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

export const ascii = (bytes: Uint8Array, start: number, end: number) => String.fromCharCode(...bytes.subarray(start, end));
