import fs from 'node:fs';
import zlib from 'node:zlib';

/**
 * The source picture of src/test/heic/quadrants-640x480.heic (its README.md): a 640×480 RGB PNG in four flat
 * quadrants, written with zlib only. Run once by hand (`npx tsx scripts/heic-fixture-png.ts quadrants.png`), then
 * heif-enc; the tests use the committed HEIC and never this script.
 */
const WIDTH = 640;
const HEIGHT = 480;
const COLOURS = [
  [208, 16, 16],
  [16, 176, 16],
  [16, 48, 208],
  [240, 240, 240],
];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const row = WIDTH * 3 + 1;
const raw = Buffer.alloc(row * HEIGHT);
for (let y = 0; y < HEIGHT; y += 1) {
  for (let x = 0; x < WIDTH; x += 1) {
    const rgb = COLOURS[(y < HEIGHT / 2 ? 0 : 2) + (x < WIDTH / 2 ? 0 : 1)] ?? [0, 0, 0];
    rgb.forEach((value, channel) => {
      raw[y * row + 1 + x * 3 + channel] = value;
    });
  }
}
const header = Buffer.alloc(13);
header.writeUInt32BE(WIDTH, 0);
header.writeUInt32BE(HEIGHT, 4);
header[8] = 8; // bits per channel
header[9] = 2; // RGB
const png = Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
fs.writeFileSync(process.argv[2] ?? 'quadrants.png', png);
