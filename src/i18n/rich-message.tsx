import type { ReactNode } from 'react';
import { FSI, PDI } from './isolate';
import type { MessagePart } from './translate';

/**
 * A message's parts as React nodes, each outside value (file name, label, size, time) in its own <bdi>: in an
 * Arabic sentence a Latin file name or "20 MB" keeps its own order and leaves the sentence's order alone. The text
 * reads exactly as the plain message (no characters are added), so it can be found and compared as one.
 */
export function renderParts(parts: readonly MessagePart[]): ReactNode {
  return parts.map((part, index) => (part.startsWith(FSI) && part.endsWith(PDI) ? <bdi key={index}>{part.slice(1, -1)}</bdi> : part));
}
