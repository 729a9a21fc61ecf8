import fs from 'node:fs';
import path from 'node:path';
import * as v from 'valibot';

/**
 * The demo's integrator: saves each photo of the session into `folder` as it arrives, through the load balancer
 * like any client (so each request may land on either instance), then acknowledges it. It waits on
 * delivery-status's long poll (a photo on one instance wakes a poll held by the other), then lists what is new.
 */
export interface PhotoSaver {
  /** The files written so far, in order. */
  saved: string[];
  stop: () => Promise<void>;
}

const Poll = v.object({ images: v.array(v.object({ id: v.string(), filename: v.string(), size_bytes: v.number() })) });
const Status = v.object({ lastChanged: v.string() });
/** After a failed round (an instance restarting, the proxy's 502): wait this long before the next. */
const RETRY_MS = 1_000;

export function savePhotosAsTheyArrive(
  base: string,
  apiKey: string,
  sessionId: string,
  folder: string,
  onSaved: (file: string, sizeBytes: number) => void = () => {},
): PhotoSaver {
  const saved: string[] = [];
  const stopping = new AbortController();
  const headers = { authorization: `Bearer ${apiKey}` };
  const session = `${base}/api/v1/upload-sessions/${sessionId}`;
  const get = async (url: string) => {
    const response = await fetch(url, { headers, signal: stopping.signal });
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    return response;
  };

  const saveNew = async () => {
    const { images } = v.parse(Poll, await (await get(`${session}/poll`)).json());
    for (const image of images) {
      const bytes = Buffer.from(await (await get(`${session}/images/${image.id}`)).arrayBuffer());
      fs.mkdirSync(folder, { recursive: true });
      const file = path.join(folder, `${image.id}-${path.basename(image.filename)}`);
      fs.writeFileSync(file, bytes);
      saved.push(file);
      onSaved(file, bytes.length);
      const ack = await fetch(`${session}/images/${image.id}/ack`, { method: 'POST', headers, signal: stopping.signal });
      if (!ack.ok && ack.status !== 409) throw new Error(`ack ${image.id}: ${ack.status}`);
    }
  };

  const run = async () => {
    let pollFrom: string | undefined;
    while (!stopping.signal.aborted) {
      try {
        // The instant is read before the list: a photo arriving in between answers the next poll at once.
        const query = pollFrom === undefined ? '' : `?pollFrom=${encodeURIComponent(pollFrom)}`;
        const status = v.parse(Status, await (await get(`${session}/delivery-status${query}`)).json());
        await saveNew();
        pollFrom = status.lastChanged;
      } catch (error) {
        if (stopping.signal.aborted) return;
        console.error(`Saving photos: ${error instanceof Error ? error.message : String(error)}; trying again`);
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  };
  const running = run();
  return {
    saved,
    stop: async () => {
      stopping.abort();
      await running;
    },
  };
}
