import * as v from 'valibot';

/**
 * A check of data from outside (a response body, the page's data block): the value as the page uses it, or a
 * refusal. The shape of valibot's `safeParse` result, so a valibot schema becomes one with `schemaParse`, and the
 * phone's first bundle can use a hand-written one instead (session/api/page-session.ts: valibot's ~2.5 KB gzip).
 */
export type ParseResult<T> = { success: true; output: T } | { success: false };
export type Parse<T> = (value: unknown) => ParseResult<T>;

/** A valibot schema as a `Parse` (lazy chunks and the desktop view, where valibot's weight does not delay the first screen). */
export const schemaParse =
  <TSchema extends v.GenericSchema>(schema: TSchema): Parse<v.InferOutput<TSchema>> =>
  (value) => {
    const parsed = v.safeParse(schema, value);
    return parsed.success ? { success: true, output: parsed.output } : { success: false };
  };
