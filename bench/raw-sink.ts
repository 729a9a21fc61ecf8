import path from 'node:path';
import { type ChildServer, startChild } from './child-process';

/** The count-only sink: reads every byte, stores nothing (raw-sink-main.ts). */
export function startRawSink(): Promise<ChildServer> {
  return startChild(path.resolve('bench/raw-sink-main.ts'), {}, /raw sink listening on port (\d+)/);
}

/** The durable sink: streams each body to a file, SHA-256 as it streams, fsync before 201 (durable-sink-main.ts). */
export function startDurableSink(): Promise<ChildServer> {
  return startChild(path.resolve('bench/durable-sink-main.ts'), {}, /durable sink listening on port (\d+)/);
}
