import { queryOptions, useQuery } from '@tanstack/react-query';
import { fetchIntegratorBlob } from './integrator-fetch';
import { toObjectUrl } from './object-url';

/**
 * One photo's bytes, for its thumbnail and its download button (`GET /api/v1/upload-sessions/{id}/images/{imageId}`).
 * Photos never change, so each is fetched once per page.
 */
export const imageBlobOptions = (sessionId: string, imageId: string, apiKey: string) =>
  queryOptions({
    queryKey: ['desktop', 'image', sessionId, imageId] as const,
    queryFn: async ({ signal }) =>
      toObjectUrl(
        await fetchIntegratorBlob(`/api/v1/upload-sessions/${encodeURIComponent(sessionId)}/images/${encodeURIComponent(imageId)}`, apiKey, signal),
      ),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: Number.POSITIVE_INFINITY,
  });

export const useImageUrl = (sessionId: string, imageId: string, apiKey: string) => useQuery(imageBlobOptions(sessionId, imageId, apiKey));
