// The app behind a real Node socket, wired as server/node.ts wires it (the peer address from
// @hono/node-server's getConnInfo), so a test sees what a client on the network would. Requests go over
// loopback; the database is the test's own (PGlite, or Postgres with DATABASE_URL).
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { createApp } from '../../server/app';
import { hashKey } from '../../server/auth/keys';
import { createRateLimiter } from '../../server/auth/rate-limit';
import type { Clock } from '../../server/clock';
import { defaultConfig, type AppConfig } from '../../server/config';
import { readNodeBody } from '../../server/node-body';
import { createProjectThrough, requestThrough, type TestApi } from '../support/api';
import { TEST_PASSWORD_ITERATIONS } from '../support/api';
import { createTestDatabase, type TestDatabase } from '../support/database';

export type NodeTestServer = Pick<TestApi, 'request' | 'createProject' | 'adminKey'> & { close: () => Promise<void> };

export { createTestDatabase, type TestDatabase };

/** A server over the given database (several may share one: creating a database is the slow part). */
export async function startNodeTestServer(db: TestDatabase, options: { clock: Clock; config?: Partial<AppConfig> }): Promise<NodeTestServer> {
  const adminKey = `test_admin_key_${crypto.randomUUID()}`;
  const app = createApp({
    db: db.db,
    config: { ...defaultConfig, adminKeyHash: await hashKey(adminKey), passwordIterations: TEST_PASSWORD_ITERATIONS, ...options.config },
    clock: options.clock,
    logger: () => {},
    rateLimiter: createRateLimiter(),
    socketAddress: (c) => getConnInfo(c).remote.address,
    readBody: readNodeBody,
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const request = requestThrough(async (req) => {
    const url = new URL(req.url);
    const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await req.text();
    return fetch(`http://127.0.0.1:${port}${url.pathname}${url.search}`, { method: req.method, headers: req.headers, body });
  });
  return {
    adminKey,
    request,
    createProject: createProjectThrough(request, adminKey),
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as Server).closeAllConnections(); // fetch keeps connections alive; close() would wait for them
      });
    },
  };
}
