import type { FastifyPluginAsync } from 'fastify';
import { Server, type Socket } from 'socket.io';
import * as v from 'valibot';
import { assertEventsAccess } from '../delivery/events-access';
import { HttpError } from '../errors';
import { SocketIoRooms } from './socket-io-rooms';

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

/**
 * `session:join`'s argument: the session uuid, or an object carrying it (both seen in clients); for a protected
 * session the object also carries `password` or the events access token `access` (events-access.ts).
 */
const JoinArgument = v.union([
  v.pipe(
    v.string(),
    v.transform((id) => ({ id, password: undefined, access: undefined })),
  ),
  v.pipe(
    v.object({
      uuid: v.optional(v.string()),
      sessionId: v.optional(v.string()),
      id: v.optional(v.string()),
      password: v.optional(v.string()),
      access: v.optional(v.string()),
    }),
    v.transform((body) => ({ id: body.uuid ?? body.sessionId ?? body.id ?? '', password: body.password, access: body.access })),
  ),
]);

type Answer = { ok: boolean; error?: string };

/**
 * The live events of a session over Socket.IO, namespace `/upload`: no key (the session id is the capability, as
 * for the SSE stream), `session:join` with the uuid answers `{ok, error?}` (a protected session without its
 * password or access token: `{ok: false, error: 'wrong_password'}`, nothing joined), then the socket gets exactly the
 * events and payloads of the SSE stream, in its order: both read the stored events (socket-io-rooms.ts), so in a
 * cluster a socket on one instance gets what happened on any. Behind a load balancer the polling transport needs
 * sticky sessions (its requests must reach the instance that holds the connection); websocket does not.
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
  const { uploads, delivery } = app.qrdrop;
  const rooms = new SocketIoRooms(delivery.live, (error) => app.log.error({ err: error }, 'socket.io event failed'));

  const join = async (socket: Socket, argument: unknown): Promise<Answer> => {
    const parsed = v.safeParse(JoinArgument, argument);
    const session = parsed.success ? await uploads.findSession(parsed.output.id) : undefined;
    if (!parsed.success || session === undefined) return { ok: false, error: 'Session not found' };
    if (!socket.rooms.has(session.id) && socket.rooms.size > SOCKET_IO.roomsPerSocketMax) {
      return { ok: false, error: 'Too many sessions on one connection' };
    }
    const { password, access } = parsed.output;
    await assertEventsAccess(app.qrdrop, session, socket.handshake.address, { password, access });
    // The room's events start here, before the ack: whatever is stored after it reaches the socket.
    await rooms.join(session.id, socket);
    void socket.join(session.id);
    return { ok: true };
  };

  upload.on('connection', (socket) => {
    socket.on('session:join', (argument: unknown, ack?: unknown) => {
      const reply = (answer: Answer) => {
        if (typeof ack === 'function') void ack(answer);
      };
      join(socket, argument).then(reply, (error: unknown) => reply({ ok: false, error: error instanceof HttpError ? error.code : 'internal_error' }));
    });
    socket.on('disconnect', () => rooms.leave(socket));
  });

  app.addHook('preClose', async () => {
    rooms.closeAll();
    io.disconnectSockets(true);
    io.engine.close();
  });
};

export const socketIoRoutes = Object.assign(plugin, { [Symbol.for('skip-override')]: true });
