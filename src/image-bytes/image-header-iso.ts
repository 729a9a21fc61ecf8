import { ascii, type HeaderSize, NEED_MORE, sized, UNKNOWN, viewOf } from './image-header-result';
import { PARSE_CAPS } from '../lib/limits';

interface Box {
  type: string;
  /** Where the box's content starts (after its size and type). */
  body: number;
  end: number;
}

/**
 * HEIC and AVIF (ISO-BMFF/HEIF): the `meta` box names the primary item (`pitm`); `iprp` holds the item
 * properties (`ipco`) and which item has which (`ipma`). The primary item's `ispe` is its stored size and
 * an `irot` of a quarter or three quarters swaps it. Thumbnails and grid tiles have their own `ispe`,
 * which is why the association is followed rather than the first or largest `ispe` taken.
 */
export function isoShownSize(bytes: Uint8Array): HeaderSize {
  const top = boxesIn(bytes, 0, bytes.length);
  if (top === undefined) return UNKNOWN;
  const meta = top.find((box) => box.type === 'meta');
  if (meta === undefined) return NEED_MORE; // after an `mdat`, or past the bytes read so far
  if (meta.end > bytes.length) return NEED_MORE;
  // `meta` is a full box: version and flags come before its children.
  const children = childrenOf(bytes, meta.body + 4, meta.end);
  const primary = primaryItem(bytes, children?.find((box) => box.type === 'pitm'));
  const iprp = children?.find((box) => box.type === 'iprp');
  const properties = iprp === undefined ? undefined : childrenOf(bytes, iprp.body, iprp.end);
  const ipco = properties?.find((box) => box.type === 'ipco');
  const ipma = properties?.find((box) => box.type === 'ipma');
  if (primary === undefined || ipco === undefined || ipma === undefined) return UNKNOWN;
  const all = childrenOf(bytes, ipco.body, ipco.end);
  const mine = (associatedIndexes(bytes, ipma, primary) ?? []).map((index) => all?.[index - 1]);
  const ispe = mine.find((box) => box?.type === 'ispe');
  if (ispe === undefined || ispe.body + 12 > ispe.end) return UNKNOWN;
  const irot = mine.find((box) => box?.type === 'irot');
  const quarterTurns = irot === undefined || irot.body >= irot.end ? 0 : (bytes[irot.body] ?? 0) & 0x03;
  const view = viewOf(bytes);
  // `ispe` is a full box too: version and flags, then width and height.
  return sized(view.getUint32(ispe.body + 4), view.getUint32(ispe.body + 8), quarterTurns % 2 === 1);
}

/**
 * The boxes laid end to end in [start, end): undefined when one is malformed. A box whose header is not all
 * there ends the list; one that runs past `end` is listed (the caller decides whether it needs its content).
 * More than PARSE_CAPS.isoBoxesPerList boxes is malformed too (a file of empty `free` boxes).
 */
function boxesIn(bytes: Uint8Array, start: number, end: number): Box[] | undefined {
  const view = viewOf(bytes);
  const boxes: Box[] = [];
  let at = start;
  while (at + 8 <= end) {
    let size = view.getUint32(at);
    let body = at + 8;
    if (size === 1) {
      if (at + 16 > end) break;
      size = view.getUint32(at + 8) * 2 ** 32 + view.getUint32(at + 12);
      body = at + 16;
    } else if (size === 0) {
      size = Number.POSITIVE_INFINITY; // to the end of the file
    }
    if (size < body - at || boxes.length >= PARSE_CAPS.isoBoxesPerList) return undefined;
    boxes.push({ type: ascii(bytes, at + 4, at + 8), body, end: at + size });
    at += size;
  }
  return boxes;
}

/** The boxes inside a parent box that is all there: undefined when one is malformed or runs past the parent. */
function childrenOf(bytes: Uint8Array, start: number, end: number): Box[] | undefined {
  const boxes = boxesIn(bytes, start, end);
  return boxes?.every((box) => box.end <= end) ? boxes : undefined;
}

/** `pitm`: version 0 has a 16-bit item ID, later versions a 32-bit one. */
function primaryItem(bytes: Uint8Array, pitm: Box | undefined): number | undefined {
  if (pitm === undefined || pitm.body + 6 > pitm.end) return undefined;
  const view = viewOf(bytes);
  if (view.getUint8(pitm.body) === 0) return view.getUint16(pitm.body + 4);
  return pitm.body + 8 <= pitm.end ? view.getUint32(pitm.body + 4) : undefined;
}

/**
 * `ipma`: for each item, its property indexes into `ipco` (1-based). Item IDs are 16-bit in version 0,
 * 32-bit after; each index is 7 bits (15 with flag 1) behind an "essential" bit.
 */
function associatedIndexes(bytes: Uint8Array, ipma: Box, item: number): number[] | undefined {
  const view = viewOf(bytes);
  if (ipma.body + 8 > ipma.end) return undefined;
  const version = view.getUint8(ipma.body);
  const wideIndexes = (view.getUint8(ipma.body + 3) & 1) === 1;
  const entries = view.getUint32(ipma.body + 4);
  let at = ipma.body + 8;
  for (let entry = 0; entry < entries; entry += 1) {
    const idSize = version < 1 ? 2 : 4;
    if (at + idSize + 1 > ipma.end) return undefined;
    const id = idSize === 2 ? view.getUint16(at) : view.getUint32(at);
    const count = view.getUint8(at + idSize);
    at += idSize + 1;
    const indexSize = wideIndexes ? 2 : 1;
    if (at + count * indexSize > ipma.end) return undefined;
    if (id === item) {
      return Array.from({ length: count }, (_, i) => (wideIndexes ? view.getUint16(at + i * 2) & 0x7fff : view.getUint8(at + i) & 0x7f));
    }
    at += count * indexSize;
  }
  return undefined;
}
