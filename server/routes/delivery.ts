import type { FastifyPluginAsync } from 'fastify';
import { DeliveryService } from '../delivery/delivery-service';
import { registerEventsRoute } from '../delivery/events-route';
import { registerStatusRoute } from '../delivery/status-route';

/**
 * Getting the photos out: the delivery service (webhooks, local folder, retries) runs for the app's lifetime;
 * delivery-status (with long polling) and the event stream read from it.
 */
export const deliveryRoutes: FastifyPluginAsync = async (app) => {
  const service = new DeliveryService(app.qrdrop, (error, what) => app.log.error({ err: error }, what));
  service.start();
  // preClose, not onClose: open streams and held polls must end before the server can stop listening,
  // and sends in flight must be handed back while the database is still open.
  app.addHook('preClose', async () => service.stop());
  registerStatusRoute(app, service);
  registerEventsRoute(app, service);
};
