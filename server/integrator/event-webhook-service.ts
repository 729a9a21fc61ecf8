import type { AppContext } from '../context';
import { DeliveryScheduler } from '../delivery/scheduler';
import type { SendOutcome } from '../delivery/send-delivery';
import { checkWebhookUrl } from '../delivery/ssrf-guard';
import { postWebhook, SendError } from '../delivery/webhook-transport';
import type { SessionEvent } from '../events';
import { DELIVERY } from '../limits';
import type { AttemptDetail, EventDelivery } from './event-delivery-store';
import { RESPONSE_BODY_MAX_BYTES } from './event-delivery-store';
import { signatureHeaders } from './event-signature';
import type { Topic } from './event-topics';
import type { EventWebhook } from './event-webhook-store';
import { SESSION_EXPIRY } from './session-expiry';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Event webhooks: turns bus events (and session creation) into one durable delivery per subscribed webhook, and
 * sends them with the same scheduler, transport and SSRF guard as photo deliveries. The body of each delivery is
 * fixed when the event happens; each attempt signs it afresh with its own timestamp. The rows are
 * `context.eventWebhooks`'s (SQLite, or PostgreSQL in a cluster, where every instance drains the one queue under a
 * lease). The bus is this instance's: each event is queued by the instance where it happened, once, just after the
 * write that caused it committed (a crash between the two loses the event, as it loses the live event).
 */
export class EventWebhookService {
  readonly #context: AppContext;
  readonly #details = new Map<string, AttemptDetail>();
  readonly #scheduler: DeliveryScheduler<EventDelivery>;
  #unsubscribe: (() => void) | undefined;
  #expirySweep: NodeJS.Timeout | undefined;
  /** Bus events are queued one after the other, in the order they were published (started before completed). */
  #handling: Promise<void> = Promise.resolve();

  constructor(
    context: AppContext,
    private readonly logError: (error: unknown, what: string) => void,
  ) {
    this.#context = context;
    const store = context.eventWebhooks;
    this.#scheduler = new DeliveryScheduler({
      queue: store.queue(this.#details),
      now: context.now,
      ...(store.leaseSweepMs === undefined ? {} : { leaseSweepMs: store.leaseSweepMs }),
      send: (delivery, signal) => this.#send(delivery, signal),
      onChange: () => {},
      onError: (error) => logError(error, 'event webhook bookkeeping failed'),
    });
  }

  start(): void {
    this.#unsubscribe = this.#context.events.subscribe('*', (event) => {
      this.#handling = this.#handling.then(() => this.#handle(event));
    });
    this.#scheduler.start();
    void this.sweepExpired();
    this.#expirySweep = setInterval(() => void this.sweepExpired(), SESSION_EXPIRY.sweepMs);
    this.#expirySweep.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#expirySweep);
    this.#unsubscribe?.();
    await this.#handling;
    await this.#scheduler.stop();
  }

  /** Records the event and queues it for every webhook of the key subscribed to its topic. */
  async publish(apiKeyId: string, topic: Topic, data: Record<string, unknown>): Promise<void> {
    if ((await this.#context.eventWebhooks.publish(apiKeyId, topic, data, this.#context.now())) > 0) this.#scheduler.kick();
  }

  /** `POST …/webhooks/{id}/test`: one `webhook.test` event through the queue, like any other. */
  async sendTest(hook: EventWebhook): Promise<void> {
    await this.#context.eventWebhooks.publishTest(hook, this.#context.now());
    this.#scheduler.kick();
  }

  /** `project.session.expired` for every session that reached its expiry since the last sweep (session-expiry.ts). */
  async sweepExpired(): Promise<void> {
    try {
      const announced = await this.#context.eventWebhooks.announceExpired(this.#context.now(), (session) => ({
        session_id: session.id,
        tags: session.tags,
        label: session.label,
        images_count: session.imagesCount,
        expired_at: iso(session.expiresAt),
      }));
      if (announced > 0) this.#scheduler.kick();
    } catch (error) {
      this.logError(error, 'could not announce expired sessions');
    }
  }

  async retry(deliveryId: string): Promise<boolean> {
    const done = await this.#context.eventWebhooks.requeue(deliveryId, this.#context.now());
    if (done) this.#scheduler.kick();
    return done;
  }

  // Runs on the service's own chain, after the publisher's call: it never throws.
  async #handle(event: SessionEvent): Promise<void> {
    try {
      const { uploads } = this.#context;
      if (event.type !== 'upload:started' && event.type !== 'image:ready' && event.type !== 'image:failed' && event.type !== 'session:completed') return;
      const session = await uploads.findSession(event.sessionId);
      if (session?.apiKeyId == null) return;
      const base = { session_id: session.id, tags: session.tags, label: session.label };
      if (event.type === 'upload:started') {
        await this.publish(session.apiKeyId, 'project.upload.started', {
          ...base,
          content_length: event.contentLength,
          encrypted: event.encrypted,
          started_at: iso(event.at),
        });
      } else if (event.type === 'image:ready') {
        const image = await uploads.findSessionImage(session.id, event.imageId);
        if (image === undefined) return;
        await this.publish(session.apiKeyId, 'project.upload.completed', {
          ...base,
          image_id: image.id,
          filename: image.filename,
          mime_type: image.mimeType,
          size_bytes: image.sizeBytes,
          source: image.source,
          created_at: iso(image.createdAt),
        });
      } else if (event.type === 'image:failed') {
        await this.publish(session.apiKeyId, 'project.upload.failed', { ...base, image_id: event.imageId, destination_id: event.destinationId, error: event.error });
      } else {
        await this.publish(session.apiKeyId, 'project.session.completed', { ...base, images_count: await uploads.countImages(session.id), completed_at: iso(event.at) });
      }
    } catch (error) {
      this.logError(error, `could not queue event webhooks for ${event.type}`);
    }
  }

  async #send(delivery: EventDelivery, signal: AbortSignal): Promise<SendOutcome> {
    const { config, now } = this.#context;
    const hook = await this.#context.eventWebhooks.find(delivery.webhookId);
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
