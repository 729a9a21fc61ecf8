import http from 'node:http';

/**
 * The baseline of the server figures: plain node:http on loopback that reads every byte of a request, counts it
 * and answers a small JSON body. It parses nothing and stores nothing: no server that keeps the photo can beat it.
 * Started as its own process (like the real server) so both are measured the same way.
 */
const server = http.createServer((request, response) => {
  let size = 0;
  request.on('data', (chunk: Buffer) => {
    size += chunk.length;
  });
  request.on('end', () => {
    const body = JSON.stringify({ size_bytes: size, path_length: request.url?.length ?? 0 });
    response.writeHead(request.method === 'POST' ? 201 : 200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    response.end(body);
  });
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address !== null && typeof address === 'object') console.log(`raw sink listening on port ${address.port}`);
});

process.on('SIGTERM', () => server.close(() => process.exit(0)));
