import type { QueueItem, UploadQueue } from '../upload';
import { UploadList } from '../upload/components/upload-list';
import { takePhotoAgain } from './take-photo-again';

export interface QueueListProps {
  items: readonly QueueItem[];
  queue: UploadQueue;
}

/**
 * The upload list wired to the queue (shipped in the after-pick chunk). Retake takes the photo out of the queue,
 * which cancels its upload (a photo already sent stays sent: only its hint goes), and opens the camera at once.
 */
export function QueueList({ items, queue }: QueueListProps) {
  const retake = (itemId: string) => {
    queue.remove(itemId);
    queue.keep(itemId);
    takePhotoAgain();
  };
  return <UploadList items={items} onRemove={queue.remove} onRetry={queue.retry} onKeep={queue.keep} onRetake={retake} />;
}
