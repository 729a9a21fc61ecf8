import type { PhotoLook } from './photo-look';

/**
 * What the compression feature needs from a session, and what it answers. The upload queue passes its
 * UploadLimits (a superset) and takes these results as they are; compress/ knows nothing of uploads.
 */
export interface FitLimits {
  allowedMimeTypes: readonly string[];
  maxImageSizeBytes: number;
  /** Longest side in px, or null for no limit. */
  maxImageDimension: number | null;
  /** Remove location data from files sent as they are. */
  stripGps: boolean;
}

/** Per-file messages of this feature; each is in the page's en/fr/es catalogs. */
export type FitMessageKey =
  | 'file.empty'
  | 'file.unreadable'
  | 'file.notAnImage'
  /** `{ type }` */
  | 'file.typeNotAllowed'
  /** `{ type }`: the session needs a type this browser cannot write (WebP on WebKit) */
  | 'file.cannotMakeType'
  | 'file.undecodable'
  | 'file.heicCannotConvert'
  /** Re-encoding did not finish in time (compress/deadline-strategy.ts). */
  | 'file.compressTimedOut'
  /** `{ maxMb }` */
  | 'file.tooLargeAfterCompression';

export interface FitMessage {
  key: FitMessageKey;
  params?: Readonly<Record<string, string | number>>;
}

/** `look`: the quality hint and a small preview, made from the decode that compressed the photo (photo-look.ts). */
export type FitResult = { ok: true; blob: Blob; type: string; name: string; look?: PhotoLook } | { ok: false; message: FitMessage };
