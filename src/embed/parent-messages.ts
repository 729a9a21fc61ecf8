import type { QueueItem, QueueSnapshot } from '../upload/types';

/** API.md: what the page posts to its parent when embedded, as `{type, data}`. */
export type ParentMessage =
  | { type: 'apertur:image:received'; data: { sessionId: string; imageId: string; filename: string; size: number } }
  | { type: 'apertur:session:complete'; data: { sessionId: string; imagesSent: number } }
  | { type: 'apertur:error'; data: { sessionId: string; code: string; status: number | null; filename?: string; message?: string } };

export interface MessageContext {
  sessionId: string;
  /** Free slots when the queue started: once that many photos are confirmed, the session is full. */
  slotsAtStart: number;
  /** Whether session:complete was already posted (it is posted once). */
  completed: boolean;
}

/** 409 "completed" and 422 "full" end the session the normal way; any other session failure is an error. */
const ENDS_SESSION = new Set([409, 422]);

/** The messages a change of the queue's snapshot calls for: what became done, what failed, how the session ended. */
export function parentMessages(previous: QueueSnapshot | undefined, next: QueueSnapshot, context: MessageContext): ParentMessage[] {
  const before = new Map<string, QueueItem>((previous?.items ?? []).map((item) => [item.id, item]));
  const messages: ParentMessage[] = [];
  const { sessionId } = context;
  for (const item of next.items) {
    if (before.get(item.id)?.status === item.status) continue;
    if (item.status === 'done' && item.imageId !== undefined) {
      messages.push({ type: 'apertur:image:received', data: { sessionId, imageId: item.imageId, filename: item.name, size: item.sentSize ?? item.originalSize } });
    }
    if (item.status === 'failed') {
      const error = { sessionId, code: item.message?.key ?? 'error.connection', status: item.message?.status ?? null, filename: item.name };
      const message = item.message?.detail?.message;
      messages.push({ type: 'apertur:error', data: message === undefined ? error : { ...error, message } });
    }
  }
  const failure = next.sessionFailure;
  const newFailure = failure !== undefined && previous?.sessionFailure === undefined;
  if (newFailure && !ENDS_SESSION.has(failure.status)) {
    messages.push({ type: 'apertur:error', data: { sessionId, code: failure.key, status: failure.status } });
  }
  const full = next.confirmedCount >= context.slotsAtStart && next.confirmedCount > 0;
  if (!context.completed && ((newFailure && ENDS_SESSION.has(failure.status)) || full)) {
    messages.push({ type: 'apertur:session:complete', data: { sessionId, imagesSent: next.confirmedCount } });
  }
  return messages;
}
