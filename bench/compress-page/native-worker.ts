import type { NativeRequest, NativeReply } from './native-protocol';

/**
 * The browser's own one-shot path, in a worker: decode and resize in one createImageBitmap call (orientation
 * from EXIF), draw once on an OffscreenCanvas, encode once with convertToBlob.
 */
self.onmessage = async (event: MessageEvent<NativeRequest>) => {
  const { file, width, height, type, quality } = event.data;
  try {
    const bitmap = await createImageBitmap(file, { resizeWidth: width, resizeHeight: height, resizeQuality: 'high', imageOrientation: 'from-image' });
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d');
    if (context === null) throw new Error('no 2d context');
    context.drawImage(bitmap, 0, 0);
    bitmap.close();
    const blob = await canvas.convertToBlob({ type, quality });
    const reply: NativeReply = { ok: true, blob };
    self.postMessage(reply);
  } catch (error) {
    const reply: NativeReply = { ok: false, error: String(error) };
    self.postMessage(reply);
  }
};
