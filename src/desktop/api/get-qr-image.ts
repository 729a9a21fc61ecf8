import { queryOptions, useQuery } from '@tanstack/react-query';
import { fetchIntegratorBlob } from './integrator-fetch';
import { toObjectUrl } from './object-url';

/** Rendered by the server as SVG (sharp at any size on a big screen): `GET /api/v1/upload-sessions/{id}/qr`. */
export const qrImageOptions = (sessionId: string, apiKey: string) =>
  queryOptions({
    queryKey: ['desktop', 'qr', sessionId] as const,
    queryFn: async ({ signal }) =>
      toObjectUrl(await fetchIntegratorBlob(`/api/v1/upload-sessions/${encodeURIComponent(sessionId)}/qr?format=svg&size=512`, apiKey, signal)),
    gcTime: Number.POSITIVE_INFINITY,
    staleTime: Number.POSITIVE_INFINITY,
  });

export const useQrImage = (sessionId: string, apiKey: string) => useQuery(qrImageOptions(sessionId, apiKey));
