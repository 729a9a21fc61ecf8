/** Types a canvas can write, the session's favourite first; the queue converts anything else the session needs. */
const SHOT_TYPES = [
  ['image/jpeg', 'jpg'],
  ['image/webp', 'webp'],
  ['image/png', 'png'],
] as const;

/** JPEG/WebP quality of a shot: near the camera app's; the queue reduces it further when the session asks. */
const SHOT_QUALITY = 0.92;

const twoDigits = (n: number) => String(n).padStart(2, '0');

/** `camera-20261204-184512-3.jpg`: sortable, and two shots in one second still differ. */
export function shotName(at: Date, index: number, extension: string): string {
  const day = `${at.getFullYear()}${twoDigits(at.getMonth() + 1)}${twoDigits(at.getDate())}`;
  const time = `${twoDigits(at.getHours())}${twoDigits(at.getMinutes())}${twoDigits(at.getSeconds())}`;
  return `camera-${day}-${time}-${index}.${extension}`;
}

/**
 * The frame the viewfinder shows now, as a photo file, in the first of JPEG, WebP, PNG the session allows
 * (JPEG if none). Rejects when the video has no frame yet or the browser cannot encode it.
 */
export async function takeShot(video: HTMLVideoElement, allowedMimeTypes: readonly string[], index: number): Promise<File> {
  const [type, extension] = SHOT_TYPES.find(([candidate]) => allowedMimeTypes.includes(candidate)) ?? SHOT_TYPES[0];
  const canvas = document.createElement('canvas');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  const context = canvas.getContext('2d');
  if (context === null || canvas.width === 0) throw new Error('no video frame');
  context.drawImage(video, 0, 0);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, type, SHOT_QUALITY));
  // Let the canvas's pixels go now rather than with the next collection: a phone holds a few of these at most.
  canvas.width = 0;
  if (blob === null) throw new Error('frame not encodable');
  const now = new Date();
  return new File([blob], shotName(now, index, blob.type === type ? extension : 'png'), { type: blob.type || type, lastModified: now.getTime() });
}
