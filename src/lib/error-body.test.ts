import { describe, expect, it } from 'vitest';
import { errorDetailFromJson, parseErrorBody } from './error-body';

const JSON_TYPE = 'application/json; charset=utf-8';

describe('parseErrorBody', () => {
  it('reads the qrdrop envelope, preferring the sentence over the reason phrase', () => {
    const body = JSON.stringify({ statusCode: 410, error: 'Gone', message: 'This session has expired.', code: 'session_expired' });
    expect(parseErrorBody(body, JSON_TYPE)).toEqual({ message: 'This session has expired.', code: 'session_expired' });
  });

  it('reads the envelope without a code', () => {
    const body = JSON.stringify({ statusCode: 404, error: 'Not Found', message: 'Session not found.' });
    expect(parseErrorBody(body, JSON_TYPE)).toEqual({ message: 'Session not found.' });
  });

  it('reads {"error":{"message","type","code","param"}}', () => {
    const body = JSON.stringify({ error: { message: 'Rate limit reached', type: 'rate_limit_error', code: 'rate_limited', param: null } });
    expect(parseErrorBody(body, JSON_TYPE)).toEqual({ message: 'Rate limit reached', code: 'rate_limited' });
  });

  it('falls back to the type when the nested error has no code', () => {
    const body = JSON.stringify({ error: { message: 'Bad file', type: 'invalid_request_error', param: 'file' } });
    expect(parseErrorBody(body, JSON_TYPE)).toEqual({ message: 'Bad file', code: 'invalid_request_error' });
  });

  it('reads {"error":{"code","message","details"}}, numeric codes included', () => {
    const body = JSON.stringify({ error: { code: 'PayloadTooLarge', message: 'Entity too large', details: [{ reason: 'x' }] } });
    expect(parseErrorBody(body, JSON_TYPE)).toEqual({ message: 'Entity too large', code: 'PayloadTooLarge' });
    const numeric = JSON.stringify({ error: { code: 503, message: 'Backend unavailable', details: [] } });
    expect(parseErrorBody(numeric, JSON_TYPE)).toEqual({ message: 'Backend unavailable', code: '503' });
  });

  it('reads {"errors":[{"message"}]}, joining several messages', () => {
    expect(parseErrorBody(JSON.stringify({ errors: [{ message: 'Session is full' }] }), JSON_TYPE)).toEqual({ message: 'Session is full' });
    const two = JSON.stringify({ errors: [{ message: 'First.', code: 'a' }, { message: 'Second.' }] });
    expect(parseErrorBody(two, JSON_TYPE)).toEqual({ message: 'First. Second.', code: 'a' });
  });

  it('reads RFC 9457 problem+json, detail before title', () => {
    const body = JSON.stringify({ type: 'https://example.com/probs/too-large', title: 'Payload Too Large', status: 413, detail: 'Max 20 MB.' });
    expect(parseErrorBody(body, 'application/problem+json')).toEqual({ message: 'Max 20 MB.' });
    const titleOnly = JSON.stringify({ type: 'about:blank', title: 'Service Unavailable', status: 503 });
    expect(parseErrorBody(titleOnly, 'application/problem+json')).toEqual({ message: 'Service Unavailable' });
  });

  it('reads plain text, whitespace collapsed', () => {
    expect(parseErrorBody('  Too many requests,\n  slow down  ', 'text/plain')).toEqual({ message: 'Too many requests, slow down' });
  });

  it('reads JSON even when the content type says text', () => {
    expect(parseErrorBody('{"message":"Nope"}', 'text/plain')).toEqual({ message: 'Nope' });
  });

  it('keeps text that only looks like JSON as text', () => {
    expect(parseErrorBody('{not json', null)).toEqual({ message: '{not json' });
  });

  it('strips HTML to its heading, dropping scripts and styles', () => {
    const page = `<!DOCTYPE html><html><head><title>502 Bad Gateway</title><style>h1{color:red}</style></head>
      <body><center><h1>502 <b>Bad</b> Gateway</h1></center><hr><center>nginx</center></body></html>`;
    expect(parseErrorBody(page, 'text/html')).toEqual({ message: '502 Bad Gateway' });
  });

  it('uses the title, or the text, of an HTML page without a heading', () => {
    expect(parseErrorBody('<html><head><title>Request Entity Too Large</title></head><body>x</body></html>', 'text/html')).toEqual({
      message: 'Request Entity Too Large',
    });
    expect(parseErrorBody('<p>Upstream &amp; proxy <script>alert(1)</script>failed</p>', null)).toEqual({
      message: 'Upstream & proxy failed',
    });
  });

  it('cuts long messages to fit a screen', () => {
    const result = parseErrorBody('x'.repeat(5000), 'text/plain');
    expect(result.message?.length).toBe(200);
    expect(result.message?.endsWith('…')).toBe(true);
  });

  it('returns nothing for empty bodies and bodies without a message', () => {
    expect(parseErrorBody('', JSON_TYPE)).toEqual({});
    expect(parseErrorBody('   ', 'text/plain')).toEqual({});
    expect(parseErrorBody('{}', JSON_TYPE)).toEqual({});
    expect(parseErrorBody('[1,2]', JSON_TYPE)).toEqual({});
    expect(parseErrorBody('<html><body></body></html>', 'text/html')).toEqual({});
  });

  it('removes control characters from the server sentence', () => {
    expect(parseErrorBody(JSON.stringify({ message: 'bad\u0000\u0007 thing' }), JSON_TYPE)).toEqual({ message: 'bad thing' });
  });
});

describe('errorDetailFromJson', () => {
  it('accepts already-parsed values', () => {
    expect(errorDetailFromJson({ statusCode: 422, error: 'Unprocessable Entity', message: 'Full.', code: 'session_full' })).toEqual({
      message: 'Full.',
      code: 'session_full',
    });
    expect(errorDetailFromJson({ error: 'Not Found' })).toEqual({ message: 'Not Found' });
    expect(errorDetailFromJson('plain')).toEqual({ message: 'plain' });
    expect(errorDetailFromJson(null)).toEqual({});
    expect(errorDetailFromJson(42)).toEqual({});
  });
});
