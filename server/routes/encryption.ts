import type { FastifyPluginAsync } from 'fastify';
import { rateLimitKey, requireApiKey } from '../auth';

/** GET /api/v1/encryption/server-key: the public half of the key SDKs seal `upload.imageEncrypted` photos for. */
export const encryptionRoutes: FastifyPluginAsync = async (app) => {
  app.get('/api/v1/encryption/server-key', { preHandler: [requireApiKey, rateLimitKey('read')] }, async () => {
    const { publicKeyPem } = await app.qrdrop.serverKey();
    return { publicKey: publicKeyPem };
  });
};
