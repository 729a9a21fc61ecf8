import { queryOptions, useQuery } from '@tanstack/react-query';
import * as v from 'valibot';
import { fetchIntegratorJson } from './integrator-fetch';

const fileSchema = v.object({
  record_id: v.string(),
  filename: v.string(),
  size_bytes: v.pipe(v.number(), v.integer(), v.minValue(0)),
  destinations: v.array(
    v.object({
      destination_id: v.string(),
      type: v.string(),
      name: v.string(),
      status: v.string(),
      attempts: v.number(),
      last_error: v.nullable(v.string()),
    }),
  ),
});

/** `GET /api/v1/upload-sessions/{id}/delivery-status`: the photos of the session, oldest first. */
export const deliveryStatusSchema = v.object({
  status: v.string(),
  files: v.array(fileSchema),
  lastChanged: v.string(),
});

export type DeliveredFile = v.InferOutput<typeof fileSchema>;

export const deliveryStatusKey = (sessionId: string) => ['desktop', 'delivery-status', sessionId] as const;

export const getDeliveryStatus = (sessionId: string, apiKey: string, signal?: AbortSignal) =>
  fetchIntegratorJson(`/api/v1/upload-sessions/${encodeURIComponent(sessionId)}/delivery-status`, apiKey, deliveryStatusSchema, {
    signal,
  });

export const deliveryStatusOptions = (sessionId: string, apiKey: string) =>
  queryOptions({
    queryKey: deliveryStatusKey(sessionId),
    queryFn: ({ signal }) => getDeliveryStatus(sessionId, apiKey, signal),
    staleTime: Number.POSITIVE_INFINITY,
  });

export const useDeliveryStatus = (sessionId: string, apiKey: string) => useQuery(deliveryStatusOptions(sessionId, apiKey));
