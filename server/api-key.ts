import { createHash } from 'node:crypto';

/**
 * What an API key is to the server: who is calling an integrator route, and the hash it is stored and looked up by.
 * The clear key never leaves the request header. A leaf, so that auth.ts and the integrator's key modules it calls
 * (integrator/key-policy.ts) can both use it without importing each other.
 */
export interface ApiKeyIdentity {
  id: string;
  env: 'live' | 'test';
}

export const hashApiKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');
