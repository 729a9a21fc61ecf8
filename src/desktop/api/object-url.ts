/**
 * A fetched image as a `blob:` URL an <img> or a download link can use. Kept for the page's lifetime with the
 * query that made it (photos never change, and the page holds a session's worth at most), so never revoked early.
 */
export interface ObjectUrl {
  url: string;
  /** The type the server sent (decided from the bytes when the photo arrived). */
  type: string;
}

export const toObjectUrl = (blob: Blob): ObjectUrl => ({ url: URL.createObjectURL(blob), type: blob.type });

/** A downloadable file: its URL, type, and the name the server gave it for saving. */
export interface SavableUrl extends ObjectUrl {
  name: string;
}
