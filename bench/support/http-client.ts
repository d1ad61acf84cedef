// A lean keep-alive HTTP client for load generation. The load generator shares the machine with the server
// and Postgres, so what it spends is taken from them: Node's fetch spent about 1.5 ms of CPU per request
// here (its WHATWG streams and Request/Response objects), undici's own request API about 0.35 ms.
import { Pool } from 'undici';

export type HttpClient = {
  post: (path: string, key: string | null, body: unknown) => Promise<{ status: number; body: unknown }>;
  get: (path: string) => Promise<{ status: number }>;
  close: () => Promise<void>;
};

export function createHttpClient(origin: string, connections: number): HttpClient {
  const pool = new Pool(origin, { connections, pipelining: 1 });
  return {
    async post(path, key, body) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (key) headers.authorization = `Bearer ${key}`;
      const res = await pool.request({ path, method: 'POST', headers, body: JSON.stringify(body) });
      return { status: res.statusCode, body: await res.body.json() };
    },
    async get(path) {
      const res = await pool.request({ path, method: 'GET' });
      await res.body.dump();
      return { status: res.statusCode };
    },
    close: () => pool.close(),
  };
}
