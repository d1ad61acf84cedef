// Server-side request forgery guard: a webhook URL must not make this server call into its own network
// (loopback, private ranges, link-local cloud metadata at 169.254.169.254, unique-local IPv6...).
import ipaddr from 'ipaddr.js';

/** Resolves a host name to its addresses. Node passes one built on node:dns; shared code never imports node:*. */
export type HostResolver = (hostname: string) => Promise<string[]>;

export type TargetVerdict = { ok: true } | { ok: false; reason: string };

/**
 * What the delivery log says when a name resolves inside. The log is read by the project, and saying which
 * address an internal name resolves to ("vm resolves to 127.0.0.1") would map this server's network for them.
 */
export const NOT_PUBLIC = 'not a public address';

/** Thrown by the socket's own check (node-fetch.ts); post.ts records its message as the refusal. */
export class RefusedTargetError extends Error {
  constructor() {
    super(NOT_PUBLIC);
    this.name = 'RefusedTargetError';
  }
}

/** Only globally routable unicast is allowed: every other range ipaddr.js knows is internal or special-purpose. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
}

const internalNames = /(^|\.)(localhost|internal|local|localdomain)$/i;

function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

/** Shape checks done when an endpoint is saved: scheme, credentials, and literal internal addresses. */
export function checkTargetUrl(raw: string, allowPrivate: boolean): TargetVerdict {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'The URL is not valid.' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: 'Only http and https URLs are allowed.' };
  if (url.username || url.password) return { ok: false, reason: 'Credentials in the URL are not allowed; use the signature to authenticate.' };
  if (allowPrivate) return { ok: true };
  const host = hostOf(url);
  if (ipaddr.isValid(host)) return isPublicAddress(host) ? { ok: true } : { ok: false, reason: `${host} is not a public address.` };
  if (internalNames.test(host)) return { ok: false, reason: `${host} is an internal host name.` };
  return { ok: true };
}

/**
 * The check made right before each delivery, on the addresses the name resolves to now: a name that was
 * public when the endpoint was saved may point inside later (DNS rebinding). Without a resolver (Workers,
 * whose fetch cannot reach private networks anyway) only the URL itself is checked.
 */
export async function checkTargetAtDelivery(
  raw: string,
  options: { allowPrivate: boolean; resolveHost?: HostResolver },
): Promise<TargetVerdict> {
  const shape = checkTargetUrl(raw, options.allowPrivate);
  if (!shape.ok || options.allowPrivate) return shape;
  const host = hostOf(new URL(raw));
  if (ipaddr.isValid(host) || !options.resolveHost) return shape;
  let addresses: string[];
  try {
    addresses = await options.resolveHost(host);
  } catch (err) {
    return { ok: false, reason: `Could not resolve ${host}: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (addresses.length === 0) return { ok: false, reason: `${host} has no addresses.` };
  return addresses.every(isPublicAddress) ? { ok: true } : { ok: false, reason: NOT_PUBLIC };
}
