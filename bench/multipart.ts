import { randomBytes } from 'node:crypto';

/** One multipart/form-data upload body, as the page sends it: part `file` (name, type) then `source`. */
export function uploadBody(file: Buffer, filename = 'photo.jpg', contentType = 'image/jpeg'): { body: Buffer; contentType: string } {
  const boundary = `----qrdropbench${randomBytes(12).toString('hex')}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`;
  const tail = `\r\n--${boundary}\r\nContent-Disposition: form-data; name="source"\r\n\r\ngallery\r\n--${boundary}--\r\n`;
  return { body: Buffer.concat([Buffer.from(head), file, Buffer.from(tail)]), contentType: `multipart/form-data; boundary=${boundary}` };
}
