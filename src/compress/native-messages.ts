import * as v from 'valibot';
import { OUTPUT_TYPES } from './compress-plan';

const pixels = v.pipe(v.number(), v.integer(), v.minValue(1));

/** Page → native worker: one picture and what to make of it; the answer carries the same `id`. */
export const compressRequestSchema = v.object({
  id: v.number(),
  file: v.instance(Blob),
  plan: v.object({
    targetType: v.picklist(OUTPUT_TYPES),
    maxSide: v.optional(pixels),
    maxBytes: v.pipe(v.number(), v.minValue(1)),
    shown: v.object({ width: pixels, height: pixels }),
  }),
});

/**
 * Page → native worker, in an end-to-end session (issue 15): one prepared photo to seal for the integrator's key
 * (SPKI PEM), with what the envelope declares; the answer's blob is the envelope (src/lib/e2e-envelope.ts).
 */
export const sealRequestSchema = v.object({
  id: v.number(),
  seal: v.object({
    photo: v.instance(Blob),
    publicKey: v.string(),
    declared: v.object({ mimeType: v.string(), width: v.optional(pixels), height: v.optional(pixels) }),
  }),
});

/** Page → native worker: the quality hint of a picked photo (measure-photo.ts), with its shown size when known. */
export const measureRequestSchema = v.object({
  id: v.number(),
  measure: v.object({ file: v.instance(Blob), shown: v.optional(v.object({ width: pixels, height: pixels })) }),
});

export const nativeRequestSchema = v.union([compressRequestSchema, sealRequestSchema, measureRequestSchema]);
export type NativeRequest = v.InferOutput<typeof nativeRequestSchema>;
export type SealRequest = v.InferOutput<typeof sealRequestSchema>['seal'];
export type MeasureRequest = v.InferOutput<typeof measureRequestSchema>['measure'];

const qualityHint = v.picklist(['blurry', 'dark']);

/**
 * Native worker → page: a blob (compressed, sealed), a quality hint (`null`: nothing to say), or the failure. A union
 * rather than `v.variant('ok', …)`: the same answers pass, and valibot's code is paid for in every chunk that uses it.
 */
export const nativeResponseSchema = v.union([
  // A compressed photo also carries its look (photo-look.ts) when the worker could make it from the same decode.
  v.object({
    id: v.number(),
    ok: v.literal(true),
    blob: v.instance(Blob),
    look: v.optional(v.object({ quality: v.nullable(qualityHint), preview: v.instance(Blob) })),
  }),
  v.object({ id: v.number(), ok: v.literal(true), quality: v.nullable(qualityHint) }),
  v.object({ id: v.number(), ok: v.literal(false), error: v.string() }),
]);
export type NativeResponse = v.InferOutput<typeof nativeResponseSchema>;
