// Node only (imported by server/node.ts and tests): the fetch webhook deliveries use in production. It checks
// the addresses a host name resolves to inside the connection itself, so the socket can only open to an
// address that passed the check. Checking first and then letting fetch resolve again would leave a window
// in which a hostile DNS server answers a public address to the check and 127.0.0.1 to the connection.
import { lookup as systemLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { Agent, fetch as undiciFetch } from 'undici';
import { isPublicAddress, RefusedTargetError } from './target-safety';

/** The shape of node:dns lookup with `all: true`; tests pass their own to play a rebinding DNS server. */
export type LookupAll = (hostname: string, options: LookupAllOptions, callback: (err: Error | null, addresses: LookupAddress[]) => void) => void;

export function createGuardedFetch(options: { lookup?: LookupAll } = {}): typeof fetch {
  const lookupAll: LookupAll = options.lookup ?? ((hostname, opts, callback) => systemLookup(hostname, opts, callback));
  const agent = new Agent({
    connect: {
      // Called by the socket for host names (never for IP literals, which checkTargetUrl has judged already).
      lookup: ((hostname, opts, callback) => {
        const family = opts.family === 'IPv4' ? 4 : opts.family === 'IPv6' ? 6 : opts.family;
        lookupAll(hostname, { family, all: true, verbatim: true } as LookupAllOptions, (err, addresses) => {
          if (err) return callback(err, []);
          if (!addresses.every((entry) => isPublicAddress(entry.address))) return callback(new RefusedTargetError(), []);
          if (addresses.length === 0) return callback(new Error(`${hostname} has no addresses`), []);
          if (opts.all) return callback(null, addresses);
          callback(null, addresses[0]!.address, addresses[0]!.family);
        });
      }) satisfies LookupFunction,
    },
  });
  const guarded = (input: string | URL, init?: RequestInit) => undiciFetch(input, { ...(init as object), dispatcher: agent });
  return guarded as unknown as typeof fetch;
}
