/** Types a canvas can write, in the order we convert to when the original type is not allowed. */
export const OUTPUT_TYPES = ['image/jpeg', 'image/webp', 'image/png'] as const;
export type OutputType = (typeof OUTPUT_TYPES)[number];

/** What a compression strategy is asked to produce. */
export interface CompressPlan {
  targetType: OutputType;
  /** Longest side in px, when the picture must shrink (session limit or canvas cap); otherwise keep its size. */
  maxSide?: number;
  /** Size to aim for (already under the session limit by a margin). */
  maxBytes: number;
  /** The picture's size as shown (orientation applied) that the plan was made from: a decoder can go straight to the output size. */
  shown: { width: number; height: number };
}

/**
 * The boundary between "what to make" and "how": the browser's own codecs in a worker (native-strategy.ts) and
 * browser-image-compression (library-strategy.ts), combined in prepare-for-upload.ts (fallback-strategy.ts,
 * deadline-strategy.ts). `file.type` is the real (sniffed) type. Rejects when the browser cannot decode the picture.
 */
export interface CompressionStrategy {
  readonly name: string;
  /** `signal` aborts: a strategy that can stop its work (end a worker) does, and rejects. */
  compress(file: File, plan: CompressPlan, signal?: AbortSignal): Promise<Blob>;
}
