import { useEffect, useRef } from 'react';
import { useParentMessages } from '../../embed/use-parent-messages';
import type { UploadSource } from '../types';
import { useUploadQueue, type UploadQueueView, type UseUploadQueueOptions } from '../use-upload-queue';

/** Files picked before the upload engine had arrived. */
export interface Pick {
  files: readonly File[];
  source: UploadSource;
}

export interface QueueHostProps {
  options: UseUploadQueueOptions;
  /** Every pick so far, in order; the ones not yet handed over are added on arrival. */
  picks: readonly Pick[];
  /** Receives the queue's state and actions whenever the state changes. */
  onView: (view: UploadQueueView) => void;
}

/**
 * The upload engine, as a component that draws nothing, so that it can be fetched when the first
 * photo is picked (src/session/after-pick.ts) rather than with the page. It owns the queue and
 * reports its state and actions to whoever draws the screens.
 */
export function QueueHost({ options, picks, onView }: QueueHostProps) {
  const { snapshot, add, retry, remove } = useUploadQueue(options);
  // Embedded in an integrator's page: tell it what happens (API.md `apertur:*` messages).
  useParentMessages(options.sessionId, options.limits.remainingSlots, snapshot);
  const handedOver = useRef(0);
  useEffect(() => {
    for (const pick of picks.slice(handedOver.current)) add(pick.files, pick.source);
    handedOver.current = picks.length;
  }, [picks, add]);
  useEffect(() => {
    onView({ snapshot, add, retry, remove });
  }, [snapshot, add, retry, remove, onView]);
  return null;
}
