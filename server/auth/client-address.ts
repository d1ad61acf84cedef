import ipaddr from 'ipaddr.js';
import type { Context } from 'hono';
import type { AppEnv } from '../env';

/**
 * Which forwarding headers to believe (KIZUNA_TRUSTED_PROXIES). Anyone can send X-Forwarded-For, so it is
 * read only when the request came through proxies the operator named: a hop count ("1": one proxy in front,
 * so the last entry it appended is the client), or the proxies' own addresses as CIDRs ("10.0.0.0/8,::1":
 * entries are peeled from the right while they come from a trusted address). None by default.
 */
export type TrustedProxies =
  | { kind: 'none' }
  | { kind: 'hops'; hops: number }
  | { kind: 'ranges'; ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][] };

export const noTrustedProxies: TrustedProxies = { kind: 'none' };

export function parseTrustedProxies(value: string | undefined): TrustedProxies {
  const text = value?.trim() ?? '';
  if (text === '' || text === '0') return noTrustedProxies;
  if (/^\d+$/.test(text)) return { kind: 'hops', hops: Number(text) };
  const ranges = text.split(',').map((part) => {
    const entry = part.trim();
    if (ipaddr.isValidCIDR(entry)) return ipaddr.parseCIDR(entry);
    if (ipaddr.isValid(entry)) {
      const address = ipaddr.process(entry);
      return [address, address.kind() === 'ipv4' ? 32 : 128] as [ipaddr.IPv4 | ipaddr.IPv6, number];
    }
    throw new Error(`KIZUNA_TRUSTED_PROXIES must be a hop count or a comma list of addresses/CIDRs, got "${entry}"`);
  });
  return { kind: 'ranges', ranges };
}

/** IPv4-mapped IPv6 (a dual-stack socket's "::ffff:10.0.0.1") becomes plain IPv4, so ranges match either way. */
function parseAddress(text: string | undefined): ipaddr.IPv4 | ipaddr.IPv6 | null {
  const trimmed = text?.trim();
  return trimmed && ipaddr.isValid(trimmed) ? ipaddr.process(trimmed) : null;
}

function isTrusted(address: ipaddr.IPv4 | ipaddr.IPv6, ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][]): boolean {
  return ranges.some(([range, bits]) => range.kind() === address.kind() && address.match(range, bits));
}

/**
 * The key every rate limit counts a caller under. IPv6 clients count per /64, the block one subscriber
 * gets: counting single addresses would let one client rotate through 2^64 of them.
 */
function limitKey(address: ipaddr.IPv4 | ipaddr.IPv6 | null, raw: string | undefined): string {
  if (!address) return raw ? raw.slice(0, 64) : 'unknown';
  if (address.kind() === 'ipv4') return address.toString();
  const parts = (address as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16));
  return `${parts.join(':')}::/64`;
}

/**
 * The caller's address as rate limits see it. The peer is the socket's remote address on Node, and
 * CF-Connecting-IP on Workers (set by Cloudflare, who also overwrite any sent by the client); forwarding
 * headers count only through the proxies configured as trusted.
 */
export function clientAddress(c: Context<AppEnv>): string {
  const { socketAddress, config } = c.var.deps;
  const peerText = socketAddress?.(c);
  const proxies = config.trustedProxies ?? noTrustedProxies;
  if (proxies.kind === 'none') return limitKey(parseAddress(peerText), peerText);

  const forwarded = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .reverse(); // nearest hop first
  if (proxies.kind === 'hops') {
    // The peer is hop 0 (the nearest proxy); each trusted hop vouches for the entry it appended.
    const chain = [peerText, ...forwarded];
    const chosen = chain[Math.min(proxies.hops, chain.length - 1)];
    return limitKey(parseAddress(chosen), chosen);
  }
  let current = parseAddress(peerText);
  if (!current) return limitKey(null, peerText); // no known peer, so no proxy to trust
  for (const entry of forwarded) {
    if (!isTrusted(current, proxies.ranges)) break;
    const next = parseAddress(entry);
    if (!next) break;
    current = next;
  }
  return limitKey(current, undefined);
}
