import { describe, expect, it } from 'vitest';
import { classifyFailure } from './http-failure';

describe('classifyFailure: the status decides the message, scope and retry', () => {
  it.each([
    [400, 'file', 'error.uploadRejected', false],
    [401, 'password', 'error.wrongPassword', false],
    [403, 'session', 'error.forbidden', false],
    [404, 'session', 'error.sessionNotFound', false],
    [409, 'session', 'error.sessionCompleted', false],
    [410, 'session', 'error.sessionExpired', false],
    [413, 'file', 'error.fileTooLarge', false],
    [415, 'file', 'error.unsupportedType', false],
    [422, 'session', 'error.sessionFull', false],
    [429, 'rate-limit', 'error.tooManyUploads', true],
    [408, 'transient', 'error.connection', true],
    [500, 'transient', 'error.connection', true],
    [502, 'transient', 'error.connection', true],
    [503, 'transient', 'error.connection', true],
    [504, 'transient', 'error.connection', true],
    [null, 'transient', 'error.connection', true],
    [405, 'file', 'error.uploadRejected', false],
    [418, 'file', 'error.uploadRejected', false],
  ] as const)('%s → %s, %s, retryable %s', (status, scope, messageKey, retryable) => {
    expect(classifyFailure(status)).toEqual({ scope, key: messageKey, retryable });
  });
});
