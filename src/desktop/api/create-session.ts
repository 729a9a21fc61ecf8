import { useMutation } from '@tanstack/react-query';
import * as v from 'valibot';
import { fetchIntegratorJson } from './integrator-fetch';

const createdSchema = v.object({ id: v.string() });

/** `POST /api/v1/upload-sessions` with the server's defaults. */
export const createSession = (apiKey: string) =>
  fetchIntegratorJson('/api/v1/upload-sessions', apiKey, createdSchema, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });

export const useCreateSession = (apiKey: string) => useMutation({ mutationFn: () => createSession(apiKey), retry: false });
