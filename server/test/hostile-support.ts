import { STATUS_CODES } from 'node:http';
import * as v from 'valibot';
import { expect } from 'vitest';
import { listFiles, storedPhotos, type TestApp } from './helpers';

/** What a test got back, from inject or from a real socket. */
export interface Answer {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
}

export const fromInject = (response: { statusCode: number; headers: Answer['headers']; body: string }): Answer => ({
  status: response.statusCode,
  headers: response.headers,
  body: response.body,
});

/** The error envelope of API.md, and nothing more (no stack, no detail): `{statusCode, error, message, code?}`. */
const Envelope = v.strictObject({
  statusCode: v.number(),
  error: v.string(),
  message: v.pipe(v.string(), v.minLength(1)),
  code: v.optional(v.string()),
});

export function expectEnvelope(answer: Answer, status: number): v.InferOutput<typeof Envelope> {
  expect(answer.status).toBe(status);
  expect(String(answer.headers['content-type'])).toMatch(/^application\/json/);
  const body = v.parse(Envelope, JSON.parse(answer.body));
  expect(body).toMatchObject({ statusCode: status, error: STATUS_CODES[status] });
  return body;
}

export interface Leftovers {
  rows: number;
  images: number;
  incoming: number;
}

/** Everything an upload could have left behind, over the whole store (not just one session), on either backend. */
export async function leftovers(t: TestApp): Promise<Leftovers> {
  const [count] = await t.rows('SELECT COUNT(*) AS n FROM images');
  const rows = Number((count as { n: number | string }).n);
  return { rows, images: (await storedPhotos(t.app)).length, incoming: listFiles(t.app.qrdrop.paths.incoming).length };
}

export const describeLeftovers = ({ rows, images, incoming }: Leftovers) =>
  `rows ${rows} · images/ ${images} · incoming/ ${incoming}`;

/** One summary line: the input, the answer (status and code), what was left. */
export function hostileLine(input: string, answer: Answer, left: Leftovers): string {
  let code = '';
  try {
    const body: unknown = JSON.parse(answer.body);
    if (typeof body === 'object' && body !== null && 'code' in body) code = ` ${String(body.code)}`;
  } catch {
    code = ' (not JSON)';
  }
  return `${input} → ${answer.status}${code} · ${describeLeftovers(left)}`;
}
