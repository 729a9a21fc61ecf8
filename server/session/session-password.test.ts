import { describe, expect, it } from 'vitest';
import { HttpError } from '../errors';
import { hashPassword } from './password';
import type { AppContext } from '../context';
import { PasswordGuesses } from './password-guesses';
import { assertSessionPassword } from './session-password';
import type { Session } from './session-store';

const session = (passwordHash: string | null): Session => ({
  id: '3f0c2a4e-8b1d-4c6e-9f7a-2b5d8e1c0a93',
  apiKeyId: null,
  env: 'live',
  createdAt: 0,
  updatedAt: 0,
  expiresAt: 1,
  completedAt: null,
  maxImages: 1,
  allowedMimeTypes: ['image/jpeg'],
  maxImageDimension: null,
  maxImageSizeBytes: 1,
  passwordHash,
  tags: [],
  longPolling: false,
  label: null,
  destinationIds: [],
  e2ePublicKey: null,
  e2eAllowDowngrade: false,
  e2eDowngraded: false,
});

const context = () => ({ passwordGuesses: new PasswordGuesses(() => 0), now: () => 0 }) as unknown as AppContext;
const check = (s: Session, header: string | string[] | undefined) => assertSessionPassword(context(), s, '203.0.113.7', header);

describe('assertSessionPassword', () => {
  it('lets anything through when the session has no password', async () => {
    await expect(check(session(null), undefined)).resolves.toBeUndefined();
    await expect(check(session(null), 'whatever')).resolves.toBeUndefined();
  });

  it('accepts the right password and refuses a missing, empty or wrong one with 401 wrong_password', async () => {
    const protectedSession = session(await hashPassword('s3cret'));
    await expect(check(protectedSession, 's3cret')).resolves.toBeUndefined();
    await expect(check(protectedSession, ['s3cret', 'other'])).resolves.toBeUndefined();
    for (const header of [undefined, '', 'S3CRET', 's3cret ']) {
      const failure = await check(protectedSession, header).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(HttpError);
      expect(failure).toMatchObject({ statusCode: 401, code: 'wrong_password' });
    }
  });
});
