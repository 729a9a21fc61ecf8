import type { FastifyPluginAsync } from 'fastify';

// Placeholder: filled in by the issue that owns these routes.
export const uploadRoutes: FastifyPluginAsync = async () => {};
