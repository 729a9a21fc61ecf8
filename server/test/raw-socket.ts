import net from 'node:net';

/** Far beyond any deadline the tests configure: reaching it means the server never closed the socket. */
const GIVE_UP_MS = 10_000;

export interface ClosedSocket {
  /** Everything the server sent before closing, as text. */
  received: string;
  /** Bytes the client managed to write. */
  written: number;
}

/**
 * Opens a TCP connection to 127.0.0.1:port, lets `drive` write to it (it may keep writing on a timer; the
 * returned function stops it), and resolves once the *server* has closed the connection: the client never ends
 * or destroys it itself, except after GIVE_UP_MS, which rejects.
 */
export function untilServerCloses(port: number, drive: (write: (text: string | Buffer) => void) => (() => void) | void): Promise<ClosedSocket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let written = 0;
    let stop: (() => void) | void;
    const giveUp = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server kept the connection open (received so far: ${Buffer.concat(chunks).toString('latin1').slice(0, 200)})`));
    }, GIVE_UP_MS);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => {}); // a reset is one way of being closed; 'close' follows
    socket.on('close', () => {
      clearTimeout(giveUp);
      stop?.();
      resolve({ received: Buffer.concat(chunks).toString('latin1'), written });
    });
    socket.on('connect', () => {
      stop = drive((text) => {
        if (socket.destroyed || !socket.writable) return;
        const bytes = Buffer.from(text);
        written += bytes.length;
        socket.write(bytes);
      });
    });
  });
}

/** Calls `tick` every `everyMs` until stopped: a client that keeps a connection busy without ever finishing. */
export function every(everyMs: number, tick: () => void): () => void {
  const timer = setInterval(tick, everyMs);
  return () => clearInterval(timer);
}
