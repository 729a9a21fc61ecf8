import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

/**
 * The durable baseline of the server figures: plain node:http on loopback that streams every request body to its
 * own new file on disk, hashes it (SHA-256) as it streams, and fsyncs the file before answering 201. It parses
 * nothing and checks nothing; it is what any server that promises a photo is kept must do at the least, so it is
 * the physical limit of such a server on this disk. Files go to a throw-away folder in the OS temp dir (the same
 * filesystem as the bench's qrdrop data dirs), deleted as soon as they are answered so the disk does not fill up.
 * Started as its own process (like the real server) so both are measured the same way.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qrdrop-bench-durable-'));

function fail(response: http.ServerResponse, error: unknown): void {
  if (response.headersSent) return;
  const body = JSON.stringify({ error: error instanceof Error ? error.message : String(error) });
  response.writeHead(500, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
}

const server = http.createServer((request, response) => {
  if (request.method !== 'POST') {
    // Reads (the session-read figure uses the count-only sink, not this one): a small answer.
    request.resume();
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': 2 }).end('{}');
    return;
  }
  const file = path.join(dir, randomUUID());
  const hash = createHash('sha256');
  let size = 0;
  // flush: the stream fsyncs its descriptor before closing it (Node >= 20.10), so 'close' means on disk.
  const out = fs.createWriteStream(file, { flags: 'wx', mode: 0o600, flush: true });
  let failed = false;
  request.on('data', (chunk: Buffer) => {
    size += chunk.length;
    hash.update(chunk);
  });
  request.pipe(out);
  request.on('error', (error) => out.destroy(error));
  out.on('error', (error) => {
    failed = true;
    fs.rm(file, { force: true }, () => fail(response, error));
  });
  out.on('close', () => {
    if (failed) return;
    const body = JSON.stringify({ size_bytes: size, sha256: hash.digest('hex') });
    response.writeHead(201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    response.end(body);
    fs.rm(file, { force: true }, () => {});
  });
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address !== null && typeof address === 'object') console.log(`durable sink listening on port ${address.port}`);
});

const cleanUp = () => fs.rmSync(dir, { recursive: true, force: true });
process.on('exit', cleanUp);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
