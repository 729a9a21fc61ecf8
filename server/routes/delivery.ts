import type { FastifyPluginAsync } from 'fastify';
import { DeliveryService } from '../delivery/delivery-service';
import { registerEventsRoute } from '../delivery/events-route';
import { registerStatusRoute } from '../delivery/status-route';

declare module 'fastify' {
  interface FastifyInstance {
    /** The delivery service (webhooks, folder, live events), for whoever needs to observe it. */
    qrdropDelivery: DeliveryService;
  }
}

/**
 * Getting the photos out: the delivery service (webhooks, local folder, retries) runs for the app's lifetime;
 * delivery-status (with long polling) and the event stream read from it.
 */
const plugin: FastifyPluginAsync = async (app) => {
  const service = new DeliveryService(app.qrdrop, (error, what) => app.log.error({ err: error }, what));
  service.start();
  app.decorate('qrdropDelivery', service);
  // preClose, not onClose: open streams and held polls must end before the server can stop listening,
  // and sends in flight must be handed back while the database is still open.
  app.addHook('preClose', async () => service.stop());
  registerStatusRoute(app, service);
  registerEventsRoute(app, service);
};

// Not encapsulated (Fastify's documented `skip-override`), so `qrdropDelivery` is visible on the root instance.
export const deliveryRoutes = Object.assign(plugin, { [Symbol.for('skip-override')]: true });
