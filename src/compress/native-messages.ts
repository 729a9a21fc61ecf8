import * as v from 'valibot';
import { OUTPUT_TYPES } from './compress-plan';

/** Page → native worker: one picture and what to make of it. */
export const nativeRequestSchema = v.object({
  file: v.instance(Blob),
  plan: v.object({
    targetType: v.picklist(OUTPUT_TYPES),
    maxSide: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
    maxBytes: v.pipe(v.number(), v.minValue(1)),
  }),
});
export type NativeRequest = v.InferOutput<typeof nativeRequestSchema>;

/** Native worker → page. */
export const nativeResponseSchema = v.variant('ok', [
  v.object({ ok: v.literal(true), blob: v.instance(Blob) }),
  v.object({ ok: v.literal(false), error: v.string() }),
]);
export type NativeResponse = v.InferOutput<typeof nativeResponseSchema>;
