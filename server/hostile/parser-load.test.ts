import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ServerProcess, startServer } from '../test/server-process';
import { makeJpeg } from '../test/fixtures';
import { auth } from '../test/helpers';
import { HOSTILE_SHAPES } from '../test/hostile-shapes';
import { openPost, writeChunk } from '../test/http-client';
import { fileEnvelope, uploadPath } from '../test/upload-helpers';

/**
 * Issue 11, findings 1–2, through a real socket: the real server in its own process, 20 hostile 19 MB uploads at
 * once (each of the issue's shapes four times), real multipart bodies. Before the caps, 20 HEICs of free boxes
 * took the heap past V8's limit and the process died; a JPEG of fill bytes cost 10 s of CPU and no answer.
 * The per-session upload limit is raised so that no 429 can stand in for the answer under test.
 */
const MB = 1024 * 1024;
const SHAPE_BYTES = 19 * MB;
const AT_ONCE = 20;
/** The server's RSS may grow by buffers and sockets for 20 bodies in flight, not by the files' structure (230 MB each). */
const RSS_GROWTH_BOUND_BYTES = 400 * MB;

const EXPECTED: Record<keyof typeof HOSTILE_SHAPES, string> = {
  'HEIC of 8-byte free boxes': 'image_too_complex',
  'JPEG of FF fill bytes': 'truncated_file',
  'JPEG of empty COM segments': 'image_too_complex',
  'PNG of empty chunks': 'image_too_complex',
  'WebP of empty chunks': 'image_too_complex',
};

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qrdrop-parser-load-'));
/** The page is not under test: an empty build folder, so the server starts without `npm run build`. */
const distDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qrdrop-parser-load-dist-'));
const output: string[] = [];
let server: ServerProcess | undefined;

beforeAll(async () => {
  server = await startServer(dataDir, output, {
    RATE_LIMIT_UPLOADS_PER_SESSION: '1000',
    // A port of its own when the machine is shared (LOAD_TEST_PORT); otherwise one the system picks.
    PORT: process.env.LOAD_TEST_PORT ?? '0',
    DIST_DIR: distDir,
  });
}, 40_000);
afterAll(async () => {
  await server?.kill('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(distDir, { recursive: true, force: true });
});

function running(): ServerProcess {
  if (server === undefined) throw new Error('the server did not start');
  return server;
}

function rssBytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

async function createSession(): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${running().port}/api/v1/upload-sessions`, {
    method: 'POST',
    headers: { ...auth(), 'content-type': 'application/json' },
    body: JSON.stringify({ max_images: 100 }),
  });
  expect(response.status).toBe(201);
  const body = (await response.json()) as { id: string };
  return body.id;
}

/** One real multipart upload, the file written in 1 MB pieces with back-pressure. */
async function send(sessionId: string, file: Buffer) {
  const { head, tail, contentType } = fileEnvelope('hostile.jpg');
  const open = openPost(running().port, uploadPath(sessionId), {
    'content-type': contentType,
    'content-length': head.length + file.length + tail.length,
  });
  await writeChunk(open, head);
  for (let at = 0; at < file.length; at += MB) if (!(await writeChunk(open, file.subarray(at, at + MB)))) break;
  if (await writeChunk(open, tail)) open.request.end();
  return open.response;
}

it('answers 20 hostile 19 MB uploads at once with their 4xx, and the server stays up with bounded RSS', async () => {
  const sessionId = await createSession();
  const shapes = Object.entries(HOSTILE_SHAPES).map(([name, build]) => ({ name, bytes: build(SHAPE_BYTES) }));
  const baseline = rssBytes(running().pid);
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, rssBytes(running().pid))), 50);
  const uploads = Array.from({ length: AT_ONCE }, (_, i) => shapes[i % shapes.length]).map(async (shape) => {
    if (shape === undefined) throw new Error('no shape');
    const response = await send(sessionId, shape.bytes);
    return { name: shape.name, status: response.status, code: (JSON.parse(response.body) as { code?: string }).code };
  });
  const answers = await Promise.all(uploads).finally(() => clearInterval(sampler));

  for (const answer of answers) expect(answer).toEqual({ name: answer.name, status: 400, code: EXPECTED[answer.name as keyof typeof EXPECTED] });
  // Still up, and still taking real photos in the same session (nothing was stored for the refused ones).
  const alive = await fetch(`http://127.0.0.1:${running().port}/api/v1/upload-sessions/${sessionId}`, { headers: auth() });
  expect(alive.status).toBe(200);
  expect((await send(sessionId, makeJpeg(64, 48))).status).toBe(201);
  expect(peak - baseline).toBeLessThan(RSS_GROWTH_BOUND_BYTES);
  console.info(`parser load: ${AT_ONCE} × 19 MB hostile uploads, server RSS ${(baseline / MB).toFixed(0)} → peak ${(peak / MB).toFixed(0)} MB`);
}, 120_000);
