// A real HTTP receiver on a loopback port: records what arrives, answers what the test says, and can go down
// and come back on the same port.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Received = { headers: Record<string, string>; body: string; receivedAt: number; path: string; clockAt: Date };

export type Receiver = {
  url: string;
  port: number;
  received: Received[];
  /** The consumer's clock, for tests that move time (each delivery is verified at the moment it arrived). */
  clock: { now: () => Date };
  /** Decides the status (and optional extra headers/body) of each reply; 200 by default. */
  respond: (req: Received) => { status: number; body?: string; headers?: Record<string, string> } | Promise<{ status: number; body?: string; headers?: Record<string, string> }>;
  down: () => Promise<void>;
  up: () => Promise<void>;
  close: () => Promise<void>;
};

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startReceiver(): Promise<Receiver> {
  let server: Server | null = null;
  const receiver: Receiver = {
    url: '',
    port: 0,
    received: [],
    clock: { now: () => new Date() },
    respond: () => ({ status: 200 }),
    down: async () => {
      if (!server) return;
      const s = server;
      server = null;
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    up: async () => {
      server = createServer(async (req, res) => {
        const body = await readBody(req);
        const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
        const entry: Received = { headers, body, receivedAt: Date.now(), path: req.url ?? '/', clockAt: receiver.clock.now() };
        receiver.received.push(entry);
        const reply = await receiver.respond(entry);
        res.writeHead(reply.status, { 'content-type': 'text/plain', ...reply.headers });
        res.end(reply.body ?? 'ok');
      });
      const s = server;
      await new Promise<void>((resolve) => s.listen(receiver.port, '127.0.0.1', () => resolve()));
      receiver.port = (s.address() as AddressInfo).port;
      receiver.url = `http://127.0.0.1:${receiver.port}/hook`;
    },
    close: () => receiver.down(),
  };
  await receiver.up();
  return receiver;
}
