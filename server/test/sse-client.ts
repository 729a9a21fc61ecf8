/** Test-only: a minimal Server-Sent Events reader over fetch, to look at the stream exactly as sent. */

export interface SseMessage {
  id?: string;
  event: string;
  data: unknown;
}

export interface SseStream {
  status: number;
  headers: Headers;
  /** Resolves with the next event (comments are skipped, and counted in `comments`). */
  next: () => Promise<SseMessage>;
  comments: string[];
  close: () => void;
}

export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
  const reader = response.body?.getReader();
  const decoder = new TextDecoder();
  const comments: string[] = [];
  let buffer = '';

  const next = async (): Promise<SseMessage> => {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const message = parseBlock(block, comments);
        if (message !== null) return message;
        continue;
      }
      if (reader === undefined) throw new Error('no body');
      const chunk = await reader.read();
      if (chunk.done) throw new Error('stream ended');
      buffer += decoder.decode(chunk.value, { stream: true });
    }
  };
  return { status: response.status, headers: response.headers, next, comments, close: () => controller.abort() };
}

function parseBlock(block: string, comments: string[]): SseMessage | null {
  let id: string | undefined;
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) comments.push(line.slice(1).trim());
    else if (line.startsWith('id: ')) id = line.slice(4);
    else if (line.startsWith('event: ')) event = line.slice(7);
    else if (line.startsWith('data: ')) data.push(line.slice(6));
  }
  if (data.length === 0) return null;
  const parsed: unknown = JSON.parse(data.join('\n'));
  return id === undefined ? { event, data: parsed } : { id, event, data: parsed };
}
