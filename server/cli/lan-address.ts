import os from 'node:os';

/**
 * The address a phone on the same network can reach: the first private IPv4 of an interface that is up.
 * Falls back to loopback when the machine has no LAN (the link then only works on this machine).
 */
export function lanAddress(interfaces = os.networkInterfaces()): string {
  const candidates = Object.values(interfaces)
    .flatMap((list) => list ?? [])
    .filter((info) => info.family === 'IPv4' && !info.internal)
    .map((info) => info.address);
  const isPrivate = (ip: string) => /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(ip);
  return candidates.find(isPrivate) ?? candidates[0] ?? '127.0.0.1';
}
