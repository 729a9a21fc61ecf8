import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { type PageQueueEngine, type QueueSnapshot, type UploadLimits, type UploadQueue, type UploadSource, useStoredUploads } from '../upload';
import { takeEarlyPicks } from '../boot/early-picks';
import type { PageSession } from './api/get-session';
import { type AfterPick, loadAfterPick } from './load-after-pick';
import { forgetPassword, readPassword } from './password-store';
import { passwordRefused } from './session-screen';

/** Before the first pick there is no queue: nothing sent, nothing waiting. */
const NOTHING_YET: QueueSnapshot = { items: [], phase: 'idle', confirmedCount: 0 };
const nothingYet = () => NOTHING_YET;
const noQueue = () => () => undefined;

/** What the session allows, for the upload engine. */
const limitsOf = (session: PageSession): UploadLimits => ({
  remainingSlots: Math.max(0, session.effectiveMaxImages - session.imagesCount),
  allowedMimeTypes: session.effectiveAllowedMimeTypes,
  maxImageSizeBytes: session.effectiveMaxImageSizeBytes,
  maxImageDimension: session.effectiveMaxImageDimension,
  // Location is private: removed unless someone decides otherwise, which nobody can yet.
  stripGps: true,
});

/** The after-pick chunk's state: not asked for yet, on its way, failed (tap to retry), or here with the queue it made. */
export type SessionEngine =
  | { status: 'idle' | 'loading' | 'failed' }
  | { status: 'ready'; chunk: AfterPick; queue: UploadQueue };

export interface SessionQueue {
  snapshot: QueueSnapshot;
  engine: SessionEngine;
  /** Files picked before the chunk arrived, waiting for it. */
  waiting: number;
  /** The verified session password, if any. */
  password: string | undefined;
  add(files: readonly File[], source: UploadSource): void;
  /** "Tap to retry": one item, every connection failure, or (before the queue exists) the chunk's fetch. */
  retry(itemId?: string): void;
  remove(itemId: string): void;
  /** The password screen verified a password: the queue sends it from now on, and resumes what a 401 stopped. */
  passwordVerified(password: string): void;
}

/** What lives as long as the view, outside React state: plain values read by the chunk's arrival. */
interface Held {
  queue: UploadQueue | null;
  /** Picks made before the chunk arrived, flushed into the queue when it is made. */
  picks: { files: readonly File[]; source: UploadSource }[];
  password: string | undefined;
  limits: UploadLimits;
  /** Free slots when the view was made: once that many photos are confirmed, the session is full. */
  slotsAtStart: number;
  loading: boolean;
  mounted: boolean;
  /** The session as first read, for its end-to-end fields: the key is set when the session is made, never changed. */
  e2e: PageSession;
}

/**
 * The one owner of the page's upload queue for a session. The chunk (queue, transport, list) is fetched
 * with the first pick, or at once when an earlier page life left photos to resume (once the password is
 * known, for a protected session: sent without it they would be refused). The queue is made once, when
 * the chunk arrives, with the picks made meanwhile; React reads its snapshot through useSyncExternalStore.
 * It is not disposed on unmount on purpose: uploads already on their way finish, nothing is lost.
 * Call it where it outlives screen changes, keyed by session id.
 */
export function useSessionQueue(session: PageSession, engine?: PageQueueEngine): SessionQueue {
  const limits = useMemo(() => limitsOf(session), [session]);
  const [password, setPassword] = useState(() => readPassword(session.id));
  const heldRef = useRef<Held>({ queue: null, picks: [], password, limits, slotsAtStart: limits.remainingSlots, loading: false, mounted: false, e2e: session });
  const [waiting, setWaiting] = useState(0);
  const [state, setState] = useState<SessionEngine>({ status: 'idle' });
  const sessionId = session.id;
  const expiresAt = session.expiresAtOnDevice;

  const load = useCallback(() => {
    const held = heldRef.current;
    if (held.loading || held.queue !== null) return;
    held.loading = true;
    setState({ status: 'loading' });
    loadAfterPick().then(
      (chunk) => {
        held.loading = false;
        if (!held.mounted) return;
        const queue = chunk.createPageQueue({ sessionId, limits: held.limits, password: held.password, expiresAt, e2e: held.e2e, engine });
        // The kept password stopped working (the integrator changed it): a reload must ask again.
        queue.subscribe(() => {
          if (passwordRefused(queue.getSnapshot())) forgetPassword(sessionId);
        });
        held.queue = queue;
        // Parent-page messages and the screen wake lock follow it from now on (follow-queue.ts).
        chunk.followQueue(queue, sessionId, held.slotsAtStart);
        queue.start();
        for (const pick of held.picks.splice(0)) queue.add(pick.files, pick.source);
        setWaiting(0);
        setState({ status: 'ready', chunk, queue });
      },
      () => {
        held.loading = false;
        if (held.mounted) setState({ status: 'failed' });
      },
    );
  }, [sessionId, expiresAt, engine]);

  const restorable = useStoredUploads(sessionId) && (!session.password_protected || password !== undefined);
  useEffect(() => {
    const held = heldRef.current;
    held.mounted = true;
    if (restorable) load();
    return () => {
      held.mounted = false;
    };
  }, [restorable, load]);
  useEffect(() => {
    // A session re-read: the queue (or the one yet to be made) counts with the new limits.
    const held = heldRef.current;
    held.limits = limits;
    held.queue?.setLimits(limits);
  }, [limits]);

  const queue = state.status === 'ready' ? state.queue : null;
  const snapshot = useSyncExternalStore(queue?.subscribe ?? noQueue, queue?.getSnapshot ?? nothingYet, nothingYet);

  // The actions read the held queue, so they stay the same functions for the view's life.
  const add = useCallback(
    (files: readonly File[], source: UploadSource) => {
      const held = heldRef.current;
      if (held.queue !== null) return held.queue.add(files, source);
      held.picks.push({ files, source });
      setWaiting((count) => count + files.length);
      load();
    },
    [load],
  );
  // Picks made on the server-rendered buttons before React took them over (src/boot/): taken once, on mount.
  useEffect(() => {
    for (const pick of takeEarlyPicks()) add(pick.files, pick.source);
  }, [add]);
  const retry = useCallback(
    (itemId?: string) => {
      const { queue } = heldRef.current;
      return queue === null ? load() : queue.retry(itemId);
    },
    [load],
  );
  const remove = useCallback((itemId: string) => heldRef.current.queue?.remove(itemId), []);
  const passwordVerified = useCallback(
    (verified: string) => {
      const held = heldRef.current;
      held.password = verified;
      setPassword(verified);
      if (held.queue === null) return;
      const rejected = passwordRefused(held.queue.getSnapshot());
      held.queue.setPassword(verified);
      // Resume what the 401 stopped, now that the queue has the new password.
      if (rejected) held.queue.retry();
    },
    [],
  );
  return { snapshot, engine: state, waiting, password, add, retry, remove, passwordVerified };
}
