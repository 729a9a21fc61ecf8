import * as v from 'valibot';
import { OUTPUT_TYPES } from './compress-plan';

const pixels = v.pipe(v.number(), v.integer(), v.minValue(1));

/** Page → native worker: one picture and what to make of it; the answer carries the same `id`. */
export const nativeRequestSchema = v.object({
  id: v.number(),
  file: v.instance(Blob),
  plan: v.object({
    targetType: v.picklist(OUTPUT_TYPES),
    maxSide: v.optional(pixels),
    maxBytes: v.pipe(v.number(), v.minValue(1)),
    shown: v.object({ width: pixels, height: pixels }),
  }),
});
export type NativeRequest = v.InferOutput<typeof nativeRequestSchema>;

/** Native worker → page. */
export const nativeResponseSchema = v.variant('ok', [
  v.object({ id: v.number(), ok: v.literal(true), blob: v.instance(Blob) }),
  v.object({ id: v.number(), ok: v.literal(false), error: v.string() }),
]);
export type NativeResponse = v.InferOutput<typeof nativeResponseSchema>;
