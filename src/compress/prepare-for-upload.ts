import { sniffFile, type SniffedImageType, type SniffResult } from '../image-bytes/file-sniff';
import { removeGps, type GpsRemoval } from '../image-bytes/gps-removal';
import { BYTES_PER_MB, COMPRESSION } from './compress-limits';
import { type CompressPlan, type CompressionStrategy, OUTPUT_TYPES, type OutputType } from './compress-plan';
import { DamagedPicture } from '../image-bytes/damaged-picture';
import { CompressionTimeout, withDeadline } from './deadline-strategy';
import { cannotWrite, decide, planFor } from './decide';
import { nameForType } from './file-name';
import type { FitLimits, FitMessage, FitResult } from './fit-types';
import { withFallback } from './fallback-strategy';
import { libraryStrategy } from './library-strategy';
import { measurePhoto } from './measure-photo';
import type { PhotoLook } from './photo-look';
import { measureInWorkerSupported, type NativeStrategy, nativeStrategy, nativeSupported } from './native-strategy';
import { probeDimensions } from '../image-bytes/probe';
import type { QualityHint } from './quality';
import { writableTypes } from './writable-types';

export interface PrepareDependencies {
  sniff: (file: Blob) => Promise<SniffResult>;
  probe: (file: Blob) => Promise<{ width: number; height: number } | undefined>;
  removeGps: (file: Blob, type: SniffedImageType) => Promise<GpsRemoval>;
  strategy: CompressionStrategy;
  /** The output types this browser really writes (writable-types.ts). */
  writableTypes: () => Promise<ReadonlySet<OutputType>>;
  /** The look the strategy made with a blob it compressed, if it did (the native worker does: native-strategy.ts). */
  lookOf?: (blob: Blob) => PhotoLook | undefined;
}

/**
 * Makes one picked file fit the session: real type from the bytes, decodability, then the decision
 * (decide.ts) carried out. Every failure is a per-file message, never a silent drop. The upload queue
 * calls it once per file, one or two files at a time (src/upload/preparation.ts).
 */
export function createPrepareForUpload(deps: PrepareDependencies) {
  return async function prepareForUpload(file: File, limits: FitLimits, onCompressing: () => void): Promise<FitResult> {
    const sniffed = await deps.sniff(file);
    if (sniffed.kind === 'empty') return failure({ key: 'file.empty' });
    if (sniffed.kind === 'unreadable') return failure({ key: 'file.unreadable' });
    if (sniffed.kind === 'not-image') return failure({ key: 'file.notAnImage' });
    const type = sniffed.type;
    const dimensions = await deps.probe(file);
    const writable = await deps.writableTypes();
    const decision = decide({ type, size: file.size, dimensions }, limits, writable);
    switch (decision.action) {
      case 'reject':
        return failure(decision.message);
      case 'send-as-is':
        return { ok: true, blob: file, type, name: file.name };
      case 'compress':
        return compress(file, type, decision.plan, limits, onCompressing);
      case 'strip-gps': {
        const stripped = await deps.removeGps(file, type).catch((): GpsRemoval => ({ kind: 'unparseable' }));
        if (stripped.kind === 'stripped') return { ok: true, blob: stripped.blob, type, name: file.name };
        if (stripped.kind === 'no-gps') return { ok: true, blob: file, type, name: file.name };
        // A container we cannot walk: nobody can vouch that the location is gone, so re-encode (no metadata kept).
        const sameType = OUTPUT_TYPES.find((output) => output === type);
        if (dimensions === undefined || sameType === undefined) return failure({ key: 'file.undecodable' });
        if (!writable.has(sameType)) return failure(cannotWrite(type, limits.allowedMimeTypes));
        return compress(file, type, planFor(sameType, dimensions, limits), limits, onCompressing);
      }
    }
  };

  async function compress(file: File, type: SniffedImageType, plan: CompressPlan, limits: FitLimits, onCompressing: () => void): Promise<FitResult> {
    onCompressing();
    let output: Blob;
    try {
      // The strategies trust `file.type`: give them the real one (phones often give "" or a wrong one).
      output = await deps.strategy.compress(new File([file], file.name, { type, lastModified: file.lastModified }), plan);
    } catch (error) {
      if (error instanceof CompressionTimeout) return failure({ key: 'file.compressTimedOut' });
      // A HEIC the WebAssembly decoder read and found broken: damaged, not a browser that cannot convert it.
      if (error instanceof DamagedPicture) return failure({ key: 'file.undecodable' });
      return failure({ key: type === 'image/heic' ? 'file.heicCannotConvert' : 'file.undecodable' });
    }
    const written = await deps.sniff(output);
    if (written.kind !== 'image') return failure({ key: 'file.undecodable' });
    // A browser that cannot write the asked type writes PNG without a word (WebKit and WebP), and may still
    // label it as asked: the bytes say what it is. The probe (writable-types.ts) should have seen it coming.
    if (!limits.allowedMimeTypes.includes(written.type)) {
      return failure(written.type === plan.targetType ? { key: 'file.typeNotAllowed', params: { type: written.type } } : cannotWrite(type, [plan.targetType]));
    }
    if (output.size > limits.maxImageSizeBytes) {
      return failure({ key: 'file.tooLargeAfterCompression', params: { maxMb: Math.round((limits.maxImageSizeBytes / BYTES_PER_MB) * 10) / 10 } });
    }
    // Never sent under a label it does not have.
    const blob = output.type === written.type ? output : new Blob([output], { type: written.type });
    const look = deps.lookOf?.(output);
    return { ok: true, blob, type: written.type, name: written.type === type ? file.name : nameForType(file.name, written.type), ...(look === undefined ? {} : { look }) };
  }
}

const failure = (message: FitMessage): FitResult => ({ ok: false, message });

/**
 * The browser's own codecs in a worker where it has them; browser-image-compression otherwise, or when they fail.
 * The library is bounded in time: it may wait on a worker or a canvas that never answers.
 */
const boundedLibrary = withDeadline(libraryStrategy, COMPRESSION.libraryDeadlineMs);

/**
 * The preparation worker where this browser can start it (nativeSupported: a module worker, OffscreenCanvas…),
 * browser-image-compression behind it; the library alone elsewhere (Firefox 105–113, Safari before 16.4), whose
 * own worker is a classic one. End-to-end sessions (issue 15) seal in the same worker; without it `sealInWorker`
 * is undefined and the upload code seals on the page's thread (src/upload/e2e/e2e-prepare.ts).
 */
export function choosePreparation(native: NativeStrategy | undefined, library: CompressionStrategy) {
  return {
    strategy: native === undefined ? library : withFallback(native, library),
    sealInWorker: native?.seal,
    lookOf: native?.lookOf,
  };
}

const preparation = choosePreparation(nativeSupported() ? nativeStrategy : undefined, boundedLibrary);
const strategy = preparation.strategy;
export const sealInWorker = preparation.sealInWorker;

export const prepareForUpload = createPrepareForUpload({
  sniff: sniffFile,
  probe: probeDimensions,
  removeGps,
  strategy,
  writableTypes,
  lookOf: preparation.lookOf,
});

/**
 * The quality hint of a picked photo (quality.ts): in the preparation worker wherever it can decode and read pixels
 * (measureInWorkerSupported), else on the page's thread with the same code (Safari before 16.4: no OffscreenCanvas).
 * Undefined when there is nothing to say or the picture cannot be decoded here: a hint, never a refusal.
 */
export function createMeasurePhotoQuality(deps: {
  probe: (file: Blob) => Promise<{ width: number; height: number } | undefined>;
  inWorker?: (request: { file: Blob; shown?: { width: number; height: number } }) => Promise<QualityHint | undefined>;
  onPage: (file: Blob, shown?: { width: number; height: number }) => Promise<QualityHint | undefined>;
}) {
  return async function measurePhotoQuality(file: Blob): Promise<QualityHint | undefined> {
    const shown = await deps.probe(file).catch(() => undefined);
    const measure = deps.inWorker === undefined ? deps.onPage(file, shown) : deps.inWorker({ file, shown });
    return measure.catch(() => undefined);
  };
}

export const measurePhotoQuality = createMeasurePhotoQuality({
  probe: probeDimensions,
  inWorker: measureInWorkerSupported() ? nativeStrategy.measure : undefined,
  onPage: (file, shown) => (typeof createImageBitmap === 'function' ? measurePhoto(file, shown) : Promise.resolve(undefined)),
});
