import type * as AfterPickChunk from './after-pick';

/** The after-pick chunk (after-pick.ts): the queue's factory, the list, the done screen, the end-to-end notice. */
export type AfterPick = typeof AfterPickChunk;

/**
 * Fetched with the first pick (or at once when a reload left photos to resume, or for an end-to-end session's
 * notice), and ahead of the pick by prefetch-upload-engine.ts: one loader for every place that asks for it.
 */
export const loadAfterPick = (): Promise<AfterPick> => import('./after-pick');
