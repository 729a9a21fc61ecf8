import { typeName } from '../i18n/format';
import type { SniffedImageType } from '../image-bytes/file-sniff';
import { COMPRESSION } from './compress-limits';
import { type CompressPlan, OUTPUT_TYPES, type OutputType } from './compress-plan';
import type { FitLimits, FitMessage } from './fit-types';

/** What the page knows about a picked image before deciding. */
export interface ImageFacts {
  /** The real type, from the bytes. */
  type: SniffedImageType;
  size: number;
  /** Pixel size as shown (orientation applied), from the header or a decode; undefined when neither gives it. */
  dimensions?: { width: number; height: number };
}

export type Decision =
  /** It fits: send the original bytes. */
  | { action: 'send-as-is' }
  /** It fits: send the original bytes without location data (JPEG, WebP, HEIC: see lib/gps-removal.ts). */
  | { action: 'strip-gps' }
  /** Resize, recompress or convert; `reasons` says why. Re-encoding drops all metadata, GPS included. */
  | { action: 'compress'; plan: CompressPlan; reasons: readonly CompressReason[] }
  | { action: 'reject'; message: FitMessage };

export type CompressReason = 'size' | 'dimension' | 'type';

/**
 * The rules that make every upload fit the session:
 * - fits (type allowed, size and longest side within limits) → sent as is, minus GPS (JPEG, WebP, HEIC);
 * - otherwise re-encoded: same type when it is allowed and this browser writes it (`writable`), else JPEG,
 *   WebP, PNG, whichever the session allows first and this browser writes; shrunk to the dimension limit and
 *   under the canvas cap;
 * - a picture whose size nothing could read (neither its header nor a decode) cannot be re-encoded: HEIC gets its
 *   own message. A HEIC whose header gives its size is re-encoded even where the browser cannot decode HEIC: the
 *   preparation worker then decodes it with libheif in WebAssembly (src/image-bytes/heic-decode.ts);
 * - where the session only allows types this browser cannot write (WebP on WebKit), the message says so.
 */
export function decide(facts: ImageFacts, limits: FitLimits, writable: ReadonlySet<OutputType> = EVERY_OUTPUT_TYPE): Decision {
  const allowed = limits.allowedMimeTypes.includes(facts.type);
  const longest = facts.dimensions === undefined ? undefined : Math.max(facts.dimensions.width, facts.dimensions.height);
  const fitsSize = facts.size <= limits.maxImageSizeBytes;
  const fitsDimension = limits.maxImageDimension === null || longest === undefined || longest <= limits.maxImageDimension;

  if (facts.dimensions === undefined) {
    // An allowed HEIC on a browser without a HEIC decoder (Chromium) goes up untouched: the server
    // reads its size from the file itself. Anything else undecodable would be refused anyway.
    if (facts.type === 'image/heic' && allowed && fitsSize) return keepBytes(facts, limits);
    return reject(facts.type === 'image/heic' ? 'file.heicCannotConvert' : 'file.undecodable');
  }
  if (allowed && fitsSize && fitsDimension) {
    return keepBytes(facts, limits);
  }

  const targetType = chooseOutputType(facts.type, allowed, fitsSize, limits.allowedMimeTypes, writable);
  if (targetType === undefined) return { action: 'reject', message: cannotWrite(facts.type, limits.allowedMimeTypes) };
  const reasons: CompressReason[] = [];
  if (!allowed) reasons.push('type');
  if (!fitsSize) reasons.push('size');
  if (!fitsDimension) reasons.push('dimension');
  return { action: 'compress', plan: planFor(targetType, facts.dimensions, limits), reasons };
}

/** Re-encoding to `targetType`: under the size limit by a margin, shrunk to the dimension limit and the canvas cap. */
export function planFor(targetType: OutputType, dimensions: { width: number; height: number }, limits: FitLimits): CompressPlan {
  const plan: CompressPlan = { targetType, maxBytes: Math.floor(limits.maxImageSizeBytes * COMPRESSION.targetSizeRatio), shown: dimensions };
  const maxSide = Math.min(limits.maxImageDimension ?? Number.POSITIVE_INFINITY, canvasCapSide(dimensions));
  if (maxSide < Math.max(dimensions.width, dimensions.height)) plan.maxSide = maxSide;
  return plan;
}

const EVERY_OUTPUT_TYPE: ReadonlySet<OutputType> = new Set(OUTPUT_TYPES);

/** Re-encode to the original type when allowed and writable; a PNG too heavy to fit goes JPEG when allowed. */
function chooseOutputType(
  type: SniffedImageType,
  allowed: boolean,
  fitsSize: boolean,
  allowedTypes: readonly string[],
  writable: ReadonlySet<OutputType>,
): OutputType | undefined {
  const usable = (output: OutputType) => allowedTypes.includes(output) && writable.has(output);
  const sameType = OUTPUT_TYPES.find((output) => output === type);
  if (allowed && sameType !== undefined && usable(sameType) && !(sameType === 'image/png' && !fitsSize && usable('image/jpeg'))) return sameType;
  return OUTPUT_TYPES.find(usable);
}

/**
 * Nothing to convert to: the session allows a type a canvas writes in general, but not this browser's (WebKit
 * asked for WebP writes PNG), or it allows none that any canvas writes (HEIC only).
 */
export function cannotWrite(type: SniffedImageType, allowedTypes: readonly string[]): FitMessage {
  const unwritable = OUTPUT_TYPES.find((output) => allowedTypes.includes(output));
  if (unwritable !== undefined) return { key: 'file.cannotMakeType', params: { type: typeName(unwritable) } };
  return { key: 'file.typeNotAllowed', params: { type } };
}

/**
 * The longest side that keeps width × height under the canvas cap, for this aspect ratio.
 * A picture already under the cap keeps its size.
 */
export function canvasCapSide(dimensions: { width: number; height: number }): number {
  const { width, height } = dimensions;
  const longest = Math.max(width, height);
  if (width * height <= COMPRESSION.maxCanvasPixels) return longest;
  return Math.floor(longest * Math.sqrt(COMPRESSION.maxCanvasPixels / (width * height)));
}

/** Types whose location data can be removed without re-encoding. */
const GPS_STRIPPABLE: ReadonlySet<string> = new Set(['image/jpeg', 'image/webp', 'image/heic']);

const keepBytes = (facts: ImageFacts, limits: FitLimits): Decision =>
  limits.stripGps && GPS_STRIPPABLE.has(facts.type) ? { action: 'strip-gps' } : { action: 'send-as-is' };

const reject = (key: 'file.heicCannotConvert' | 'file.undecodable'): Decision => ({ action: 'reject', message: { key } });
