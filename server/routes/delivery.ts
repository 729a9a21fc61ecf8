import type { FastifyPluginAsync } from 'fastify';
import { registerStatusRoute } from './delivery-status';
import { registerEventsRoute } from './session-events';

/**
 * Getting the photos out, as routes: delivery-status (with long polling) and the event stream, both reading from
 * the app's delivery service (built and started in buildApp, `app.qrdrop.delivery`).
 */
export const deliveryRoutes: FastifyPluginAsync = async (app) => {
  registerStatusRoute(app, app.qrdrop.delivery);
  registerEventsRoute(app, app.qrdrop.delivery);
};
