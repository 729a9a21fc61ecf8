import type { AppContext } from '../context';
import type { Session } from '../session/session-store';
import type { StoredImage } from '../storage/stored-image';

/** The 201 body of API.md: `{id, filename, size_bytes, destinations, long_polling}`. A replay rebuilds it the same way. */
export interface UploadReply {
  id: string;
  filename: string;
  size_bytes: number;
  /**
   * How many destinations this photo is being delivered to, as a number: Apertur's SDKs decode this field
   * strictly as an integer (Go `int`, Rust `u32`), so a list here would make every upload fail on their side.
   * The destinations themselves are in the create reply and, per photo, in delivery-status.
   */
  destinations: number;
  long_polling: boolean;
}

/**
 * The photo's deliveries were planned in the transaction that stored it (SQLite or PostgreSQL), so they can be
 * counted as soon as it is committed.
 */
export const uploadReply = async (context: Pick<AppContext, 'delivery'>, image: StoredImage, session: Session): Promise<UploadReply> => ({
  id: image.id,
  filename: image.filename,
  size_bytes: image.sizeBytes,
  destinations: await context.delivery.countImageDeliveries(image.id),
  long_polling: session.longPolling,
});
