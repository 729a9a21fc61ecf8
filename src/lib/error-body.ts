import * as v from 'valibot';
import { ERROR_BODY } from './limits';

/**
 * What an error body adds to a failure: the status decides the message the person sees
 * (see http-failure.ts); this only extracts the server's sentence and stable code, if any,
 * whoever answered (qrdrop itself, or a proxy or gateway in front of it).
 */
export interface ErrorDetail {
  message?: string;
  code?: string;
}

const text = v.pipe(v.string(), v.trim(), v.nonEmpty());
const codeLike = v.union([text, v.pipe(v.number(), v.integer(), v.transform(String))]);

/** `{"statusCode","error","message","code"?}` (qrdrop), and loose `{message}` / `{error:"..."}` / `{detail}` cousins. */
const flatShape = v.object({
  message: v.optional(text),
  error: v.optional(text),
  detail: v.optional(text),
  code: v.optional(codeLike),
});

/** `{"error":{"message","type","code","param"}}` and `{"error":{"code","message","details"}}`. */
const nestedShape = v.object({
  error: v.object({
    message: v.optional(text),
    code: v.optional(codeLike),
    type: v.optional(text),
    status: v.optional(text),
  }),
});

/** `{"errors":[{"message","code"?}]}` (GraphQL-style and many JSON:API gateways). */
const listShape = v.object({
  errors: v.pipe(
    v.array(v.object({ message: v.optional(text), detail: v.optional(text), title: v.optional(text), code: v.optional(codeLike) })),
    v.minLength(1),
  ),
});

/** RFC 9457 problem details: `title` is generic, `detail` is this occurrence. */
const problemShape = v.object({
  type: v.optional(text),
  title: v.optional(text),
  detail: v.optional(text),
  code: v.optional(codeLike),
});

/** Reads an error response body (as text) and its Content-Type into an `ErrorDetail`. Never throws. */
export function parseErrorBody(body: string, contentType?: string | null): ErrorDetail {
  const type = (contentType ?? '').toLowerCase();
  const trimmed = body.trim();
  if (trimmed === '') return {};
  if (trimmed.length <= ERROR_BODY.maxParseChars && (type.includes('json') || /^[[{]/.test(trimmed))) {
    const json = tryJson(trimmed);
    if (json !== undefined) return errorDetailFromJson(json);
  }
  if (type.includes('html') || /^<(!doctype|html|head|body|\?xml|[a-z]+[\s>])/i.test(trimmed)) {
    return withMessage(htmlToText(trimmed.slice(0, ERROR_BODY.maxParseChars)));
  }
  return withMessage(trimmed.slice(0, ERROR_BODY.maxParseChars));
}

/** The same, for a body that was already parsed as JSON. */
export function errorDetailFromJson(value: unknown): ErrorDetail {
  const nested = v.safeParse(nestedShape, value);
  if (nested.success) {
    const { message, code, type, status } = nested.output.error;
    return detail(message, code ?? status ?? type);
  }
  const list = v.safeParse(listShape, value);
  if (list.success) {
    const messages = list.output.errors.map((e) => e.message ?? e.detail ?? e.title).filter((m) => m !== undefined);
    return detail(messages.join(' '), list.output.errors[0]?.code);
  }
  const problem = v.safeParse(problemShape, value);
  if (problem.success && (problem.output.title !== undefined || problem.output.detail !== undefined)) {
    const { title, detail: occurrence, code } = problem.output;
    return detail(occurrence ?? title, code);
  }
  const flat = v.safeParse(flatShape, value);
  if (flat.success) {
    const { message, error, detail: loose, code } = flat.output;
    // In the qrdrop envelope `error` is only the reason phrase ("Not Found"); prefer the sentence.
    return detail(message ?? loose ?? error, code);
  }
  if (typeof value === 'string') return withMessage(value);
  return {};
}

function tryJson(body: string): unknown {
  try {
    const parsed: unknown = JSON.parse(body);
    return parsed;
  } catch {
    return undefined;
  }
}

/** Tags out, script/style bodies out, a few entities decoded, whitespace collapsed. */
function htmlToText(html: string): string {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1];
  const h1 = /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(html)?.[1];
  // A gateway page's heading says it best ("502 Bad Gateway"); the whole body is mostly boilerplate.
  const source = h1 ?? title ?? html.replace(/<(script|style|head)[^>]*>[\s\S]*?<\/\1>/gi, ' ');
  return decodeEntities(source.replace(/<[^>]*>/g, ' '));
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

function decodeEntities(value: string): string {
  return value.replace(/&(amp|lt|gt|quot|apos|nbsp|#39);/g, (_, name: string) => ENTITIES[name] ?? '');
}

function detail(message: string | undefined, code: string | undefined): ErrorDetail {
  const out = withMessage(message ?? '');
  if (code !== undefined) out.code = code.slice(0, ERROR_BODY.maxCodeChars);
  return out;
}

/** Collapses whitespace and control characters and keeps the sentence short enough for a screen. */
function withMessage(raw: string): ErrorDetail {
  // eslint-disable-next-line no-control-regex
  const clean = raw.replace(/[\u0000-\u001f\u007f\s]+/g, ' ').trim();
  if (clean === '') return {};
  const message = clean.length > ERROR_BODY.maxMessageChars ? `${clean.slice(0, ERROR_BODY.maxMessageChars - 1).trimEnd()}…` : clean;
  return { message };
}
