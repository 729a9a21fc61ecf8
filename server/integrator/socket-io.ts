import type { FastifyPluginAsync } from 'fastify';
import { Server } from 'socket.io';
import * as v from 'valibot';
import { liveEventOf } from '../delivery/live-event';
import { findSession } from '../session-store';

/** Socket.IO (Apertur's Java SDK 0.2.0): where it listens, and how many sessions one connection may follow. */
export const SOCKET_IO = {
  path: '/socket.io',
  namespace: '/upload',
  roomsPerSocketMax: 20,
  /** Under the server's 30 s idle-socket cut, so a quiet polling request or websocket is never cut. */
  pingIntervalMs: 20_000,
  /** Clients only send `session:join`: a small message cap keeps a socket from holding megabytes. */
  maxMessageBytes: 16_384,
} as const;

/** `session:join`'s argument: the session uuid, or an object carrying it (both seen in clients). */
const JoinArgument = v.union([
  v.string(),
  v.pipe(
    v.object({ uuid: v.optional(v.string()), sessionId: v.optional(v.string()), id: v.optional(v.string()) }),
    v.transform((body) => body.uuid ?? body.sessionId ?? body.id ?? ''),
  ),
]);

type Ack = (answer: { ok: boolean; error?: string }) => void;

/**
 * The live events of a session over Socket.IO, namespace `/upload`: no key (the session id is the capability, as
 * for the SSE stream), `session:join` with the uuid answers `{ok, error?}`, then the socket gets exactly the events
 * and payloads of the SSE stream (liveEventOf). Registered before the delivery service so that, for each photo, its
 * image:ready goes out before the image:delivering its delivery publishes from inside that same event.
 */
const plugin: FastifyPluginAsync = async (app) => {
  const io = new Server(app.server, {
    path: SOCKET_IO.path,
    serveClient: false,
    transports: ['polling', 'websocket'],
    pingInterval: SOCKET_IO.pingIntervalMs,
    maxHttpBufferSize: SOCKET_IO.maxMessageBytes,
  });
  const upload = io.of(SOCKET_IO.namespace);
  const { db, events } = app.qrdrop;

  upload.on('connection', (socket) => {
    socket.on('session:join', (argument: unknown, ack?: unknown) => {
      const reply: Ack = typeof ack === 'function' ? (answer) => void ack(answer) : () => {};
      const parsed = v.safeParse(JoinArgument, argument);
      const session = parsed.success ? findSession(db, parsed.output) : undefined;
      if (session === undefined) return reply({ ok: false, error: 'Session not found' });
      if (!socket.rooms.has(session.id) && socket.rooms.size > SOCKET_IO.roomsPerSocketMax) {
        return reply({ ok: false, error: 'Too many sessions on one connection' });
      }
      void socket.join(session.id);
      return reply({ ok: true });
    });
  });

  const unsubscribe = events.subscribe('*', (event) => {
    try {
      const live = liveEventOf(db, event);
      if (live !== null) upload.to(event.sessionId).emit(live.name, live.data);
    } catch (error) {
      app.log.error({ err: error }, 'socket.io event failed');
    }
  });

  app.addHook('preClose', async () => {
    unsubscribe();
    io.disconnectSockets(true);
    io.engine.close();
  });
};

export const socketIoRoutes = Object.assign(plugin, { [Symbol.for('skip-override')]: true });
