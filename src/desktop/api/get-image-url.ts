import { queryOptions, useQuery } from '@tanstack/react-query';
import { fetchIntegratorOk } from './integrator-fetch';
import { type SavableUrl, toObjectUrl } from './object-url';
import { savedName } from './saved-name';

/**
 * One photo's bytes, for its thumbnail and its download button (`GET /api/v1/upload-sessions/{id}/images/{imageId}`).
 * Photos never change, so each is fetched once per page. The download is saved under the server's name for it.
 */
export const imageBlobOptions = (sessionId: string, imageId: string, apiKey: string) =>
  queryOptions({
    queryKey: ['desktop', 'image', sessionId, imageId] as const,
    queryFn: async ({ signal }): Promise<SavableUrl> => {
      const url = `/api/v1/upload-sessions/${encodeURIComponent(sessionId)}/images/${encodeURIComponent(imageId)}`;
      const response = await fetchIntegratorOk(url, apiKey, signal);
      const image = toObjectUrl(await response.blob());
      return { ...image, name: savedName(response.headers.get('content-disposition'), image.type) };
    },
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: Number.POSITIVE_INFINITY,
  });

export const useImageUrl = (sessionId: string, imageId: string, apiKey: string) => useQuery(imageBlobOptions(sessionId, imageId, apiKey));
