import { subscribedName, type Topic } from './event-topics';
import type { EventWebhook } from './event-webhook-store';
import { PROJECT } from './project';

/** One delivery of an event, before it is stored: the webhook, the name it subscribed under, the exact body sent. */
export interface QueuedEvent {
  webhookId: string;
  topic: string;
  body: string;
}

/**
 * The deliveries of one event: one for each of `hooks` subscribed to `topic`, named in the spelling it subscribed
 * with (event-topics.ts). The body is fixed here, when the event happens; each attempt signs it afresh.
 */
export function fanOut(hooks: readonly EventWebhook[], topic: Topic | 'webhook.test', data: Record<string, unknown>, at: number): QueuedEvent[] {
  return hooks.flatMap((hook) => {
    const name = subscribedName(hook.topics, topic);
    if (name === null) return [];
    return [{ webhookId: hook.id, topic: name, body: JSON.stringify({ event: name, project_id: PROJECT.id, data, timestamp: new Date(at).toISOString() }) }];
  });
}

/** The data of a `webhook.test` event (`POST …/webhooks/{id}/test`). */
export const testEventData = (hook: EventWebhook): Record<string, unknown> => ({ webhook_id: hook.id, message: 'This is a test event from qrdrop.' });
