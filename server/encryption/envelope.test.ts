import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HttpError } from '../errors';
import { sealForServer } from '../test/seal';
import { openEnvelope, parseEnvelope } from './envelope';

const server = generateKeyPairSync('rsa', { modulusLength: 2048 });
const serverPem = server.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const photo = randomBytes(50_000);

function refusal(run: () => unknown): { status: number; code: string; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof HttpError) return { status: error.statusCode, code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('server-key envelope', () => {
  it('opens what an SDK sealed for this key, byte for byte', () => {
    expect(openEnvelope(parseEnvelope(sealForServer(photo, serverPem)), server.privateKey).equals(photo)).toBe(true);
  });

  it('opens a 20 MB photo (27 MB of base64) in one piece', () => {
    const large = randomBytes(20 * 1024 * 1024);
    expect(openEnvelope(parseEnvelope(sealForServer(large, serverPem)), server.privateKey).equals(large)).toBe(true);
  });

  it('refuses an envelope sealed for another key, and a damaged tag or ciphertext, with one sentence', () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const forOther = refusal(() => openEnvelope(parseEnvelope(sealForServer(photo, other)), server.privateKey));
    const sealed = sealForServer(photo, serverPem);
    const flipped = (at: number) => {
      const bytes = Buffer.from(sealed.encryptedData, 'base64');
      bytes.writeUInt8(bytes.readUInt8(at) ^ 1, at);
      return { ...sealed, encryptedData: bytes.toString('base64') };
    };
    const length = Buffer.from(sealed.encryptedData, 'base64').length;
    const badTag = refusal(() => openEnvelope(parseEnvelope(flipped(length - 1)), server.privateKey));
    const badData = refusal(() => openEnvelope(parseEnvelope(flipped(0)), server.privateKey));
    for (const answer of [forOther, badTag, badData]) expect(answer).toEqual({ ...forOther, status: 400, code: 'bad_envelope' });
  });

  it.each([
    ['another algorithm', { algorithm: 'AES-128-CBC' }, /algorithm/],
    ['url-safe base64', { iv: 'ab-_ab-_ab-_ab-_' }, /"iv" is not standard base64/],
    ['base64 with spaces', { encryptedKey: 'AAAA AAAA' }, /"encryptedKey" is not standard base64/],
    ['a number for a field', { encryptedData: 42 }, /"encryptedData" must be a base64 string/],
    ['an IV of 16 bytes', { iv: randomBytes(16).toString('base64') }, /"iv" must be 12 bytes/],
    ['no ciphertext beyond the tag', { encryptedData: randomBytes(16).toString('base64') }, /too short/],
  ])('answers 400 bad_envelope for %s', (_name, change, message) => {
    const answer = refusal(() => parseEnvelope({ ...sealForServer(photo, serverPem), ...change }));
    expect(answer).toMatchObject({ status: 400, code: 'bad_envelope' });
    expect(answer.message).toMatch(message);
  });

  it('answers 400 for a body that is not an envelope at all', () => {
    for (const body of [null, 'text', [], { filename: 'a.jpg' }]) expect(refusal(() => parseEnvelope(body)).status).toBe(400);
  });
});
