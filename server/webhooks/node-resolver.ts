// The Node implementation of HostResolver. Imported only by the Node entry (server/node.ts) and tests.
import { lookup } from 'node:dns/promises';
import type { HostResolver } from './target-safety';

/** Every address the system resolver returns, the same resolver fetch itself uses on Node. */
export const nodeHostResolver: HostResolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);
