import type { StoredEvent } from '../delivery/session-events';

/** What the rooms read of the live events (LiveEvents): the stored events, and wake-ups from every instance. */
export interface StoredLiveEvents {
  lastSeq(sessionId: string): Promise<number>;
  since(sessionId: string, afterSeq: number): Promise<StoredEvent[]>;
  watch(sessionId: string, wake: () => void): () => void;
}

/** A connection in a room (a Socket.IO socket). */
export interface RoomMember {
  readonly connected: boolean;
  emit(event: string, data: unknown): unknown;
}

/** One session followed here: its members with the last event number each got, and the single read feeding them. */
interface Room {
  members: Map<RoomMember, number>;
  unwatch: () => void;
  reading: boolean;
  readAgain: boolean;
}

/**
 * Socket.IO's session rooms, fed from the stored live events as the SSE streams are (sse-hub.ts), not from this
 * process's bus: a wake (an event committed here or, in a cluster, on another instance, or a catch-up) makes one
 * read of what the room's members have not had, emitted to each in event-number order. So a socket on any instance
 * gets every event of the session from its join on, once, in order, with the stream's payloads.
 */
export class SocketIoRooms {
  readonly #rooms = new Map<string, Room>();

  constructor(
    private readonly live: StoredLiveEvents,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** From now on, `member` gets the session's events stored after its join. Joining twice changes nothing. */
  async join(sessionId: string, member: RoomMember): Promise<void> {
    if (this.#rooms.get(sessionId)?.members.has(member) === true) return;
    const after = await this.live.lastSeq(sessionId);
    if (!member.connected) return;
    const room = this.#rooms.get(sessionId) ?? this.#follow(sessionId);
    if (room.members.has(member)) return;
    room.members.set(member, after);
    // Anything stored between the read of `after` and the watch starting was woken for nobody: read it now.
    void this.#read(sessionId, room);
  }

  /** The member leaves every room it was in (its connection closed). */
  leave(member: RoomMember): void {
    for (const [sessionId, room] of this.#rooms) {
      if (!room.members.delete(member) || room.members.size > 0) continue;
      room.unwatch();
      this.#rooms.delete(sessionId);
    }
  }

  /** Shutdown: nothing is followed any more. */
  closeAll(): void {
    for (const room of this.#rooms.values()) room.unwatch();
    this.#rooms.clear();
  }

  #follow(sessionId: string): Room {
    const room: Room = { members: new Map(), unwatch: () => {}, reading: false, readAgain: false };
    this.#rooms.set(sessionId, room);
    room.unwatch = this.live.watch(sessionId, () => void this.#read(sessionId, room));
    return room;
  }

  /** One read at a time per room: a wake during a read asks for another afterwards, so nothing is left behind. */
  async #read(sessionId: string, room: Room): Promise<void> {
    if (room.reading) {
      room.readAgain = true;
      return;
    }
    room.reading = true;
    try {
      do {
        room.readAgain = false;
        if (room.members.size === 0) break;
        const events = await this.live.since(sessionId, Math.min(...room.members.values()));
        for (const [member, sent] of room.members) {
          let last = sent;
          for (const event of events) {
            if (event.seq <= last) continue;
            member.emit(event.name, event.data);
            last = event.seq;
          }
          room.members.set(member, last);
        }
      } while (room.readAgain);
    } catch (error) {
      this.onError(error);
    } finally {
      room.reading = false;
    }
  }
}
