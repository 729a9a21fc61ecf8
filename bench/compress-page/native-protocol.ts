/** Messages between the compression bench page and its native worker. */
export interface NativeRequest {
  file: Blob;
  /** Output size, orientation applied. */
  width: number;
  height: number;
  type: string;
  quality: number;
}

export type NativeReply = { ok: true; blob: Blob } | { ok: false; error: string };
