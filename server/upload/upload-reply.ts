import type { Session } from '../session-store';
import type { StoredImage } from '../storage/stored-image';

/** The 201 body of API.md: `{id, filename, size_bytes, destinations, long_polling}`. A replay rebuilds it the same way. */
export interface UploadReply {
  id: string;
  filename: string;
  size_bytes: number;
  /** The destinations the session names (webhooks fill in defaults of the key when it names none). */
  destinations: string[];
  long_polling: boolean;
}

export const uploadReply = (image: StoredImage, session: Session): UploadReply => ({
  id: image.id,
  filename: image.filename,
  size_bytes: image.sizeBytes,
  destinations: session.destinationIds,
  long_polling: session.longPolling,
});
