import * as v from 'valibot';
import { Errors } from './errors';

/**
 * The one parser of request input: bodies, query strings and route parameters. A value that does not fit its schema
 * is always 400 with the route's documented code (API.md) and every bad field named once, so the integrator knows
 * exactly what to fix; never a 500. A missing body counts as `{}`; a JSON `null` or array is refused by the schema's
 * own "must be an object" message (valibot's object() would otherwise take an array as an empty object).
 */
export function parseInput<S extends v.GenericSchema>(schema: S, value: unknown, code: string): v.InferOutput<S> {
  const input = value === undefined ? {} : Array.isArray(value) ? null : value;
  const result = v.safeParse(schema, input, { abortPipeEarly: true });
  if (result.success) return result.output;
  const messages = [...new Set(result.issues.map((issue) => issue.message.replace(/\.$/, '')))];
  throw Errors.badRequest(`${messages.join('; ')}.`, code);
}

/**
 * A positive whole number in the query string, or `fallback` when absent. Values above `max` are lowered to it (an
 * SDK asking for more than allowed still gets a useful page); anything else is refused.
 */
export function queryCount(name: string, fallback: number, max: number) {
  const message = `${name} must be a whole number of at least 1`;
  return v.optional(
    v.pipe(
      v.string(message),
      v.regex(/^\d{1,9}$/, message),
      v.transform(Number),
      v.minValue(1, message),
      v.transform((count) => Math.min(count, max)),
    ),
    String(fallback),
  );
}
