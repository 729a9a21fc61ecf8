import { BlockList, isIP } from 'node:net';
import os from 'node:os';

/**
 * Webhook URLs are chosen by whoever holds an API key, and the server POSTs photos to them. Without a guard that
 * is a way to make the server talk to itself, to the LAN behind it, or to a cloud metadata service. So a webhook
 * may only reach public addresses, unless WEBHOOK_ALLOW_PRIVATE=true says this deployment wants otherwise.
 * The URL is checked when the destination is created, and every resolved address again at send time
 * (see `guardedLookup`): a public-looking hostname may resolve to 127.0.0.1.
 */

const refused = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, home of 169.254.169.254 metadata services
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and 255.255.255.255
] as const) {
  refused.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['2001:db8::', 32],
  ['fc00::', 7], // unique local, including AWS's fd00:ec2::254 metadata
  ['fe80::', 10], // link-local
  ['fec0::', 10], // old site-local
  ['ff00::', 8], // multicast
] as const) {
  refused.addSubnet(network, prefix, 'ipv6');
}

/** Names that always mean "this machine" or a metadata service, whatever DNS says. */
const REFUSED_HOSTNAMES = ['localhost', 'metadata', 'metadata.google.internal', 'instance-data', 'instance-data.ec2.internal'];

/** True when the address is loopback, private, link-local, reserved, or one of this machine's own addresses. */
export function isRefusedAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  if (family === 6) {
    // An IPv6 form that carries an IPv4 address is judged by that address: ::a.b.c.d, ::ffff:a.b.c.d, 6to4, NAT64.
    const embedded = embeddedIpv4(address);
    if (embedded !== undefined) return isRefusedAddress(embedded);
  }
  if (refused.check(address, family === 4 ? 'ipv4' : 'ipv6')) return true;
  return ownAddresses().has(normalise(address));
}

/**
 * The IPv4 address inside an IPv6 one, for the prefixes that embed one: ::/96 (IPv4-compatible, which also holds ::
 * and ::1, as 0.0.0.0 and 0.0.0.1), ::ffff:0:0/96 (IPv4-mapped), 64:ff9b::/96 (NAT64) in the last 32 bits, and
 * 2002::/16 (6to4) in bits 16–47. Undefined for every other address.
 */
export function embeddedIpv4(address: string): string | undefined {
  const words = ipv6Words(address);
  if (words === undefined) return undefined;
  const zeros = (from: number, to: number) => words.slice(from, to).every((word) => word === 0);
  const quad = (high: number, low: number) => [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
  if (zeros(0, 6) || (zeros(0, 5) && words[5] === 0xffff) || (words[0] === 0x64 && words[1] === 0xff9b && zeros(2, 6))) {
    return quad(words[6] ?? 0, words[7] ?? 0);
  }
  if (words[0] === 0x2002) return quad(words[1] ?? 0, words[2] ?? 0);
  return undefined;
}

/** The eight 16-bit words of an IPv6 address (which isIP accepted), a trailing dotted quad and a zone included. */
function ipv6Words(address: string): number[] | undefined {
  let text = address.replace(/%.*$/, '').toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted !== null) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((word) => Number.parseInt(word, 16)));
  const first = parse(head);
  const last = tail === undefined ? [] : parse(tail);
  const words = tail === undefined ? first : [...first, ...Array<number>(8 - first.length - last.length).fill(0), ...last];
  return words.length === 8 && words.every((word) => Number.isInteger(word) && word >= 0 && word <= 0xffff) ? words : undefined;
}

function ownAddresses(): Set<string> {
  const own = new Set<string>();
  for (const list of Object.values(os.networkInterfaces())) {
    for (const entry of list ?? []) own.add(normalise(entry.address));
  }
  return own;
}

const normalise = (address: string): string => address.toLowerCase().replace(/^::ffff:/, '').replace(/%.*$/, '');

export interface UrlVerdict {
  ok: boolean;
  /** Why the URL is refused, as a sentence for the 400 body. */
  reason?: string;
}

/**
 * Static check of a webhook URL: scheme, credentials, and a host that is not an address or name we refuse.
 * `serverOrigin` is the server's own PUBLIC_URL: posting photos back into ourselves is refused too.
 */
export function checkWebhookUrl(raw: string, options: { allowPrivate: boolean; serverOrigin: string }): UrlVerdict {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'url must be an absolute http or https URL.' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, reason: 'url must use http or https.' };
  if (url.username !== '' || url.password !== '') {
    return { ok: false, reason: 'url must not carry credentials; verify the X-Aptr-Signature header instead.' };
  }
  if (options.allowPrivate) return { ok: true };
  const host = hostOf(url);
  if (url.host.toLowerCase() === new URL(options.serverOrigin).host.toLowerCase()) {
    return { ok: false, reason: 'url must not point at this server.' };
  }
  if (isIP(host) !== 0 ? isRefusedAddress(host) : isRefusedHostname(host)) {
    return { ok: false, reason: 'url points at a private, loopback or link-local address, which is not allowed.' };
  }
  return { ok: true };
}

/** The URL's hostname without IPv6 brackets or a trailing root dot. */
export const hostOf = (url: URL): string => url.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();

function isRefusedHostname(host: string): boolean {
  return REFUSED_HOSTNAMES.includes(host) || host.endsWith('.localhost') || host.endsWith('.internal') || host.endsWith('.local');
}
