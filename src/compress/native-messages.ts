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

export const nativeRequestSchema = v.union([compressRequestSchema, sealRequestSchema]);
export type NativeRequest = v.InferOutput<typeof nativeRequestSchema>;
export type SealRequest = v.InferOutput<typeof sealRequestSchema>['seal'];

/**
 * Native worker → page. A union rather than `v.variant('ok', …)`: the same answers pass, and valibot's code lives in
 * the first bundle (every schema kind a chunk uses is paid for there): variant alone was 0.27 KB gzip of it (measured).
 */
export const nativeResponseSchema = v.union([
  v.object({ id: v.number(), ok: v.literal(true), blob: v.instance(Blob) }),
  v.object({ id: v.number(), ok: v.literal(false), error: v.string() }),
]);
export type NativeResponse = v.InferOutput<typeof nativeResponseSchema>;
