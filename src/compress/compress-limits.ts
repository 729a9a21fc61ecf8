/**
 * How photos are made to fit a session, in one visible place.
 */
export const COMPRESSION = {
  /**
   * iOS Safari refuses canvases over 16,777,216 pixels (4096 × 4096) and draws nothing: every canvas we
   * make stays under it, whatever the browser, so the result is the same on every phone.
   */
  maxCanvasPixels: 16_777_216,
  /** JPEG/WebP quality of the first try. browser-image-compression starts at 1.0, which is large for no visible gain. */
  initialQuality: 0.8,
  /** Aim a little under the size limit: the library's target is approximate, and the server's limit is exact. */
  targetSizeRatio: 0.95,
  /** Compression rounds (quality and then size stepping down) before the library gives its best result. */
  maxIterations: 10,
  /** Native path: quality steps down by this, to no lower than the floor, before the size steps down. */
  nativeQualityStep: 0.1,
  minNativeQuality: 0.6,
  /** Native path: a size step shrinks sides by sqrt(target / actual) times this margin, and at least by the max step. */
  nativeScaleMargin: 0.95,
  nativeMaxScaleStep: 0.9,
  /**
   * Native path: the worker stays while photos are being prepared (no module load per photo) and is ended
   * this long after its last answer, so its memory goes once the photos are done.
   */
  nativeWorkerIdleMs: 10_000,
  /**
   * browser-image-compression gets this long per photo (a 48 MP photo on the main thread of a slow phone takes
   * seconds, not a minute); past it the photo fails with its own message and the next one goes on.
   */
  libraryDeadlineMs: 90_000,
  /**
   * The preview on a photo's row (photo-look.ts): short side in px, for a 3.5 rem (56 CSS px) square at a phone's
   * 3× density; JPEG quality. A few KB per photo, kept in memory while the page lives.
   */
  previewSide: 168,
  previewQuality: 0.7,
} as const;

export const BYTES_PER_MB = 1024 * 1024;

/**
 * The quality hint (quality.ts): measured on a small copy of every photo, in the preparation worker. The
 * thresholds are chosen in quality.test.ts from generated sharp, blurred and dark photos, whose rates it asserts.
 */
export const QUALITY = {
  /**
   * Long side of the copy measured, px. A 12 MP photo (4032 px) shrinks 7.9 times: a blur that makes it look soft
   * (a Gaussian of 16 px or more) is still 2 px here; at 256 px it would drown in the content's own softness.
   */
  measureSide: 512,
  /** Crete's re-blur: a box of this many pixels along each direction. */
  reblurTaps: 9,
  /** Blur measure (0 sharp … 1 flat) above which the photo is called blurry. */
  blurryAbove: 0.33,
  /** Neighbour differences up to this many times the median one are the sensor's noise, not detail. */
  noiseFloorTimes: 2,
  /** …and never fewer levels than this (the grain of a 12 MP photo's small copy is about 1 level). */
  minNoiseFloor: 4,
  /** Share of neighbours (0 … 1) differing by more than the noise under which a picture has too little detail to be called blurry. */
  minDetail: 0.002,
  /** Dark: mean luminance under this, and the bright part (the percentile below) under `darkBright`. */
  darkMean: 50,
  darkBright: 72,
  brightPercentile: 0.95,
} as const;
