import { removeGpsFromTiff } from '../../src/image-bytes/exif-gps';
import { stripGpsFromHeicBytes } from '../../src/image-bytes/exif-gps-heic';
import { stripGpsFromJpegHead } from '../../src/image-bytes/exif-gps-jpeg';
import { stripGpsFromWebpBytes } from '../../src/image-bytes/exif-gps-webp';
import { sniffBytes } from '../../src/image-bytes/file-sniff';
import { headerShownSize } from '../../src/image-bytes/image-header';
import { bufferReader } from '../upload/formats/byte-reader';
import { inspectFile } from '../upload/formats/inspect-file';

/** One byte parser under fuzz: its answer to any input, reduced to a label, and the labels it may give. */
export interface FuzzTarget {
  name: string;
  run(bytes: Buffer): Promise<string> | string;
  answers: ReadonlySet<string>;
}

const pageBytes = (bytes: Buffer) => new Uint8Array(bytes); // the page works on its own ArrayBuffer copy

/** Every byte parser of issue 11's list, server (server/upload/*) and page (src/image-bytes/: image-header*, exif-gps*, file-sniff). */
export const FUZZ_TARGETS: readonly FuzzTarget[] = [
  {
    name: 'server inspectFile',
    run: async (bytes) => (await inspectFile(bufferReader(bytes))).kind,
    answers: new Set(['image', 'empty', 'unsupported', 'truncated', 'corrupt', 'too-complex']),
  },
  { name: 'page headerShownSize', run: (bytes) => headerShownSize(bytes).kind, answers: new Set(['size', 'need-more', 'unknown']) },
  {
    name: 'page stripGpsFromJpegHead',
    run: (bytes) => stripGpsFromJpegHead(pageBytes(bytes), bytes.length % 2 === 0).kind,
    answers: new Set(['stripped', 'no-gps', 'need-more', 'unparseable']),
  },
  { name: 'page stripGpsFromWebpBytes', run: (bytes) => stripGpsFromWebpBytes(pageBytes(bytes)).kind, answers: new Set(['stripped', 'no-gps', 'unparseable']) },
  { name: 'page stripGpsFromHeicBytes', run: (bytes) => String(stripGpsFromHeicBytes(pageBytes(bytes))), answers: new Set(['true', 'false']) },
  { name: 'page removeGpsFromTiff', run: (bytes) => String(removeGpsFromTiff(pageBytes(bytes))), answers: new Set(['true', 'false']) },
  { name: 'page sniffBytes', run: (bytes) => sniffBytes(bytes.subarray(0, 64)).kind, answers: new Set(['image', 'empty', 'not-image']) },
];
