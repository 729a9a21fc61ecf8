import { type Db, statement } from '../db';
import { imageFromRow, type StoredImage } from '../storage/stored-image';

/** Reads of stored photos that delivery needs beyond the upload's own store (by id alone, and a whole session). */
export function findImage(db: Db, id: string): StoredImage | undefined {
  const row = statement(db, 'SELECT * FROM images WHERE id = ?').get(id);
  return row === undefined ? undefined : imageFromRow(row);
}

export function listSessionImages(db: Db, sessionId: string): StoredImage[] {
  return db.prepare('SELECT * FROM images WHERE session_id = ? ORDER BY idx').all(sessionId).map(imageFromRow);
}
