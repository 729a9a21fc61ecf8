import type { AppContext } from '../context';
import { findImage } from '../delivery/image-record';
import { DeliveryScheduler } from '../delivery/scheduler';
import type { SendOutcome } from '../delivery/send-delivery';
import { checkWebhookUrl } from '../delivery/ssrf-guard';
import { postWebhook, SendError } from '../delivery/webhook-transport';
import type { SessionEvent } from '../events';
import { DELIVERY } from '../limits';
import { countImages, findSession } from '../session/session-store';
import {
  type AttemptDetail,
  enqueueEventDelivery,
  type EventDelivery,
  eventDeliveryQueue,
  logEvent,
  requeueEventDelivery,
  RESPONSE_BODY_MAX_BYTES,
} from './event-delivery-store';
import { signatureHeaders } from './event-signature';
import { subscribedName, type Topic } from './event-topics';
import { type EventWebhook, findEventWebhook, receivingWebhooks } from './event-webhook-store';
import { PROJECT } from './project';
import { SESSION_EXPIRY, takeExpiredSessions } from './session-expiry';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Event webhooks: turns bus events (and session creation) into one durable delivery per subscribed webhook, and
 * sends them with the same scheduler, transport and SSRF guard as photo deliveries. The body of each delivery is
 * fixed when the event happens; each attempt signs it afresh with its own timestamp.
 */
export class EventWebhookService {
  readonly #context: AppContext;
  readonly #details = new Map<string, AttemptDetail>();
  readonly #scheduler: DeliveryScheduler<EventDelivery>;
  #unsubscribe: (() => void) | undefined;
  #expirySweep: NodeJS.Timeout | undefined;

  constructor(
    context: AppContext,
    private readonly logError: (error: unknown, what: string) => void,
  ) {
    this.#context = context;
    this.#scheduler = new DeliveryScheduler({
      queue: eventDeliveryQueue(context.db, this.#details),
      now: context.now,
      send: (delivery, signal) => this.#send(delivery, signal),
      onChange: () => {},
      onError: (error) => logError(error, 'event webhook bookkeeping failed'),
    });
  }

  start(): void {
    this.#unsubscribe = this.#context.events.subscribe('*', (event) => this.#handle(event));
    this.#scheduler.start();
    this.sweepExpired();
    this.#expirySweep = setInterval(() => this.sweepExpired(), SESSION_EXPIRY.sweepMs);
    this.#expirySweep.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#expirySweep);
    this.#unsubscribe?.();
    await this.#scheduler.stop();
  }

  /** Records the event and queues it for every webhook of the key subscribed to its topic. */
  publish(apiKeyId: string, topic: Topic, data: Record<string, unknown>): void {
    const { db, now } = this.#context;
    const at = now();
    const hooks = receivingWebhooks(db, apiKeyId).flatMap((hook) => {
      const name = subscribedName(hook.topics, topic);
      return name === null ? [] : [{ hook, name }];
    });
    if (hooks.length === 0) return;
    db.transaction(() => {
      const eventLogId = logEvent(db, apiKeyId, topic, data, at);
      for (const { hook, name } of hooks) {
        const body = JSON.stringify({ event: name, project_id: PROJECT.id, data, timestamp: iso(at) });
        enqueueEventDelivery(db, { webhookId: hook.id, eventLogId, topic: name, body }, at);
      }
    })();
    this.#scheduler.kick();
  }

  /** `POST …/webhooks/{id}/test`: one `webhook.test` event through the queue, like any other. */
  sendTest(hook: EventWebhook): void {
    const { db, now } = this.#context;
    const at = now();
    db.transaction(() => {
      const data = { webhook_id: hook.id, message: 'This is a test event from qrdrop.' };
      const eventLogId = logEvent(db, hook.apiKeyId, 'webhook.test', data, at);
      const body = JSON.stringify({ event: 'webhook.test', project_id: PROJECT.id, data, timestamp: iso(at) });
      enqueueEventDelivery(db, { webhookId: hook.id, eventLogId, topic: 'webhook.test', body }, at);
    })();
    this.#scheduler.kick();
  }

  /** `project.session.expired` for every session that reached its expiry since the last sweep (session-expiry.ts). */
  sweepExpired(): void {
    const { db, now } = this.#context;
    try {
      db.transaction(() => {
        const at = now();
        for (const id of takeExpiredSessions(db, at)) {
          const session = findSession(db, id);
          if (session?.apiKeyId == null) continue;
          this.publish(session.apiKeyId, 'project.session.expired', {
            session_id: session.id,
            tags: session.tags,
            label: session.label,
            images_count: countImages(db, session.id),
            expired_at: iso(session.expiresAt),
          });
        }
      })();
    } catch (error) {
      this.logError(error, 'could not announce expired sessions');
    }
  }

  retry(deliveryId: string): boolean {
    const done = requeueEventDelivery(this.#context.db, deliveryId, this.#context.now());
    if (done) this.#scheduler.kick();
    return done;
  }

  // Runs inside the publisher's call: never throws back into it.
  #handle(event: SessionEvent): void {
    try {
      const { db } = this.#context;
      const session = findSession(db, event.sessionId);
      if (session?.apiKeyId == null) return;
      const base = { session_id: session.id, tags: session.tags, label: session.label };
      if (event.type === 'upload:started') {
        this.publish(session.apiKeyId, 'project.upload.started', {
          ...base,
          content_length: event.contentLength,
          encrypted: event.encrypted,
          started_at: iso(event.at),
        });
      } else if (event.type === 'image:ready') {
        const image = findImage(db, event.imageId);
        if (image === undefined) return;
        this.publish(session.apiKeyId, 'project.upload.completed', {
          ...base,
          image_id: image.id,
          filename: image.filename,
          mime_type: image.mimeType,
          size_bytes: image.sizeBytes,
          source: image.source,
          created_at: iso(image.createdAt),
        });
      } else if (event.type === 'image:failed') {
        this.publish(session.apiKeyId, 'project.upload.failed', { ...base, image_id: event.imageId, destination_id: event.destinationId, error: event.error });
      } else if (event.type === 'session:completed') {
        this.publish(session.apiKeyId, 'project.session.completed', { ...base, images_count: countImages(db, session.id), completed_at: iso(event.at) });
      }
    } catch (error) {
      this.logError(error, `could not queue event webhooks for ${event.type}`);
    }
  }

  async #send(delivery: EventDelivery, signal: AbortSignal): Promise<SendOutcome> {
    const { db, config, now } = this.#context;
    const hook = findEventWebhook(db, delivery.webhookId);
    if (hook === undefined) return { kind: 'fail', error: 'webhook deleted' };
    const verdict = checkWebhookUrl(hook.url, { allowPrivate: config.webhookAllowPrivate, serverOrigin: config.publicUrl });
    if (!verdict.ok) return { kind: 'fail', error: `refused: ${verdict.reason ?? 'URL not allowed'}` };
    const body = Buffer.from(delivery.body, 'utf8');
    const headers = {
      ...hook.customHeaders,
      'content-type': 'application/json',
      'content-length': String(body.length),
      'user-agent': 'qrdrop-webhook/1',
      'x-apertur-event': delivery.topic,
      'x-apertur-delivery-id': delivery.id,
      ...signatureHeaders(hook.signatureMethod, hook.secret, delivery.id, delivery.body, now()),
    };
    const started = performance.now();
    let responseBody: string | null = null;
    try {
      const status = await postWebhook(new URL(hook.url), body, headers, {
        allowPrivate: config.webhookAllowPrivate,
        signal: AbortSignal.any([signal, AbortSignal.timeout(DELIVERY.webhookTimeoutMs)]),
        answer: { maxBytes: RESPONSE_BODY_MAX_BYTES, keep: (text) => (responseBody = text === '' ? null : text) },
      });
      this.#details.set(delivery.id, { responseCode: status, responseBody, durationMs: Math.round(performance.now() - started) });
      return status >= 200 && status < 300 ? { kind: 'sent', location: null } : { kind: 'retry', error: `HTTP ${status}` };
    } catch (error) {
      this.#details.set(delivery.id, { responseCode: null, responseBody: null, durationMs: Math.round(performance.now() - started) });
      if (error instanceof SendError) return { kind: error.permanent ? 'fail' : 'retry', error: error.message };
      return { kind: 'retry', error: 'network error' };
    }
  }
}
