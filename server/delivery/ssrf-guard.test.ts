import { describe, expect, it } from 'vitest';
import { checkWebhookUrl, embeddedIpv4, isRefusedAddress } from './ssrf-guard';
import { guardedLookup, postWebhook, SendError } from './webhook-transport';

const strict = { allowPrivate: false, serverOrigin: 'https://photos.example.com' };

describe('SSRF guard', () => {
  it.each([
    'http://127.0.0.1/hook',
    'http://127.1/hook', // shorthand for 127.0.0.1
    'http://2130706433/hook', // 127.0.0.1 as one number
    'http://0x7f000001/hook',
    'http://169.254.169.254/latest/meta-data/',
    'http://10.0.0.1/hook',
    'http://172.16.5.4/hook',
    'http://192.168.1.10:8080/hook',
    'http://100.64.0.1/hook',
    'http://0.0.0.0/hook',
    'http://[::1]/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://[fe80::1]/hook',
    'http://[fd00:ec2::254]/hook',
    'http://localhost:3000/hook',
    'http://printer.local/hook',
    'http://metadata.google.internal/computeMetadata/v1/',
    'https://photos.example.com/api/v1/upload-sessions', // the server itself
  ])('refuses %s', (url) => {
    const verdict = checkWebhookUrl(url, strict);
    expect(verdict.ok).toBe(false);
    expect(verdict.reason).toMatch(/private|loopback|this server/);
  });

  it.each(['https://hooks.example.org/qrdrop', 'http://93.184.215.14/hook', 'https://[2606:4700::1111]/hook'])('accepts %s', (url) => {
    expect(checkWebhookUrl(url, strict)).toEqual({ ok: true });
  });

  it('refuses other schemes and credentials in the URL whatever the configuration', () => {
    for (const allowPrivate of [false, true]) {
      const options = { ...strict, allowPrivate };
      expect(checkWebhookUrl('ftp://example.org/x', options).ok).toBe(false);
      expect(checkWebhookUrl('file:///etc/passwd', options).ok).toBe(false);
      expect(checkWebhookUrl('https://user:pw@example.org/x', options).ok).toBe(false);
      expect(checkWebhookUrl('not a url', options).ok).toBe(false);
    }
  });

  it('lets private addresses through when WEBHOOK_ALLOW_PRIVATE says so', () => {
    expect(checkWebhookUrl('http://127.0.0.1:9999/hook', { ...strict, allowPrivate: true })).toEqual({ ok: true });
  });

  it('classifies addresses, IPv4-mapped IPv6 by its IPv4 part', () => {
    expect(isRefusedAddress('127.0.0.1')).toBe(true);
    expect(isRefusedAddress('::ffff:10.1.2.3')).toBe(true);
    expect(isRefusedAddress('8.8.8.8')).toBe(false);
    expect(isRefusedAddress('2001:4860:4860::8888')).toBe(false);
    expect(isRefusedAddress('not-an-ip')).toBe(true);
  });

  // Issue 11: IPv6 forms that embed an IPv4 address are judged by the IPv4 rules.
  it.each([
    '::127.0.0.1', // IPv4-compatible, ::/96
    '::7f00:1',
    '::a9fe:a9fe', // 169.254.169.254
    '::ffff:7f00:1', // IPv4-mapped, hex form
    '::ffff:169.254.169.254',
    '2002:7f00:1::', // 6to4 of 127.0.0.1
    '2002:a9fe:a9fe::1', // 6to4 of 169.254.169.254
    '2002:c0a8:101::', // 6to4 of 192.168.1.1
    '64:ff9b::7f00:1', // NAT64 of 127.0.0.1
    '64:ff9b::10.0.0.1',
  ])('refuses %s, an IPv6 form of a refused IPv4 address, at creation', (address) => {
    expect(isRefusedAddress(address)).toBe(true);
    expect(checkWebhookUrl(`http://[${address}]/hook`, strict).ok).toBe(false);
  });

  it('decodes the embedded IPv4 address, and accepts a public one', () => {
    expect(embeddedIpv4('::ffff:7f00:1')).toBe('127.0.0.1');
    expect(embeddedIpv4('2002:c0a8:101::')).toBe('192.168.1.1');
    expect(embeddedIpv4('64:ff9b::808:808')).toBe('8.8.8.8');
    expect(embeddedIpv4('2606:4700::1111')).toBeUndefined();
    expect(isRefusedAddress('2002:808:808::1')).toBe(false);
    expect(isRefusedAddress('64:ff9b::808:808')).toBe(false);
  });

  it('checks again after DNS: a name that resolves to loopback is refused at connect time', async () => {
    // "localhost" stands in for any public-looking name whose DNS answer is 127.0.0.1.
    const error = await new Promise<Error | null>((resolve) => guardedLookup('localhost', { all: true }, (e) => resolve(e)));
    expect(error).toBeInstanceOf(SendError);
    expect(error?.message).toMatch(/resolves to a private or loopback address/);
  });

  it('a send to a refused address fails permanently without connecting', async () => {
    const sending = postWebhook(new URL('http://127.0.0.1:1/hook'), Buffer.from('x'), {}, { allowPrivate: false, signal: new AbortController().signal });
    await expect(sending).rejects.toMatchObject({ permanent: true });
  });
});
