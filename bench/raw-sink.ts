import path from 'node:path';
import { type ChildServer, startChild } from './child-process';

export function startRawSink(): Promise<ChildServer> {
  return startChild(path.resolve('bench/raw-sink-main.ts'), {}, /raw sink listening on port (\d+)/);
}
