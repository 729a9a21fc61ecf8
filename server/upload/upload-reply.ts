import type { AppContext } from '../context';
import { countImageDeliveries } from '../delivery/delivery-store';
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
 * The photo's deliveries were planned in the transaction that stored it, so they can be counted as soon as it is
 * committed. A cluster plans none yet (deliveries are not in PostgreSQL: PgUploadStore), so it counts none.
 */
export const uploadReply = (context: Pick<AppContext, 'config' | 'db'>, image: StoredImage, session: Session): UploadReply => ({
  id: image.id,
  filename: image.filename,
  size_bytes: image.sizeBytes,
  destinations: context.config.cluster === null ? countImageDeliveries(context.db, image.id) : 0,
  long_polling: session.longPolling,
});
