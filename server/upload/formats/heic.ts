import { bufferReader, type ByteReader, readExactly } from './byte-reader';
import { type Box, listBoxes } from './iso-boxes';
import { corrupt, type Inspection, measured, tooComplex, truncated } from './parser-result';
import { UPLOAD } from '../../limits';

/** "Full boxes" (meta, ispe) start with one byte of version and three of flags. */
const FULL_BOX_HEADER = 4;

/**
 * HEIC is a HEIF (ISO-BMFF) file: `ftyp`, a `meta` box describing the items, and the coded data in `mdat`
 * (or `idat` inside meta). The size is in the `ispe` (image spatial extents) properties under meta/iprp/ipco.
 * A photo made of tiles has one ispe per tile plus one for the whole grid: the largest is the picture's size,
 * which is also the safe choice for the pixel-count guard. Every top-level box must fit in the file.
 */
export async function inspectHeic(reader: ByteReader): Promise<Inspection> {
  const top = await listBoxes(reader, 0, reader.size);
  if (top === 'truncated') return truncated;
  if (top === 'corrupt') return corrupt;
  if (top === 'too-complex') return tooComplex;
  const meta = top.find((box) => box.type === 'meta');
  if (meta === undefined) return corrupt;
  // The metadata is small (kilobytes); a huge one is not a photo we want to walk.
  if (meta.end - meta.start > UPLOAD.heifMetaMaxBytes) return corrupt;
  const metaBytes = await readExactly(reader, meta.start, meta.end - meta.start);
  if (metaBytes === undefined) return truncated;

  const inMeta = bufferReader(metaBytes);
  const metaChildren = await listBoxes(inMeta, meta.payloadStart - meta.start + FULL_BOX_HEADER, metaBytes.length);
  if (metaChildren === 'too-complex') return tooComplex;
  if (typeof metaChildren === 'string') return corrupt;
  const hasData = top.some((box) => box.type === 'mdat') || metaChildren.some((box) => box.type === 'idat');
  if (!hasData) return truncated;

  const properties = await childrenOf(inMeta, metaChildren, 'iprp');
  const container = Array.isArray(properties) ? await childrenOf(inMeta, properties, 'ipco') : properties;
  if (container === 'too-complex') return tooComplex;
  if (container === undefined) return corrupt;
  let best = { width: 0, height: 0 };
  for (const box of container) {
    if (box.type !== 'ispe') continue;
    const extents = await readExactly(inMeta, box.payloadStart + FULL_BOX_HEADER, 8);
    if (extents === undefined || box.end < box.payloadStart + FULL_BOX_HEADER + 8) return corrupt;
    const width = extents.readUInt32BE(0);
    const height = extents.readUInt32BE(4);
    if (width * height > best.width * best.height) best = { width, height };
  }
  return measured(best.width, best.height);
}

async function childrenOf(reader: ByteReader, boxes: Box[], type: string): Promise<Box[] | 'too-complex' | undefined> {
  const parent = boxes.find((box) => box.type === type);
  if (parent === undefined) return undefined;
  const children = await listBoxes(reader, parent.payloadStart, parent.end);
  if (children === 'too-complex') return children;
  return typeof children === 'string' ? undefined : children;
}
