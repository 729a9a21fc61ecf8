import * as v from 'valibot';

/** What the desk reacts to on `GET /api/v1/upload/{id}/events` (see server/delivery/live-event.ts). */
export const LIVE_EVENT_NAMES = ['image:ready', 'image:delivered', 'image:failed', 'session:completed', 'session:updated'] as const;
export type LiveEventName = (typeof LIVE_EVENT_NAMES)[number];

const imageReadyData = v.object({
  imageId: v.string(),
  image: v.object({ filename: v.string() }),
});

export type LiveEvent = { name: 'image:ready'; imageId: string; filename: string } | { name: Exclude<LiveEventName, 'image:ready'> };

/** Parses one event's data; null when it is not what the server sends (then it is ignored). */
export function parseLiveEvent(name: LiveEventName, data: string): LiveEvent | null {
  if (name !== 'image:ready') return { name };
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return null;
  }
  const parsed = v.safeParse(imageReadyData, json);
  return parsed.success ? { name, imageId: parsed.output.imageId, filename: parsed.output.image.filename } : null;
}
