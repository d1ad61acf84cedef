// bench/webhooks: the Node server (its own process, dispatcher loop inside, as `npm start` runs it) on the
// local Postgres, posting response.created to a receiver in this process over loopback.
//  0. warm-up: BENCH_WARMUP answers (500), not measured.
//  1. paced: RATE answers/s for SECONDS s → lag from "POST /v1/responses answered" (commit done) to receipt.
//  2. burst: answers as fast as 32 clients can send → delivered events/s end to end, and lag under load.
//  3. backlog: the server stopped, BACKLOG queued deliveries drained by dispatchDueDeliveries in this process.
// Run: npm run bench:webhooks   (DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/postgres)
import '../../server/quiet-dotenv';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { systemClock } from '../../server/clock';
import { dispatchDueDeliveries } from '../../server/webhooks/dispatcher';
import { fmt, machineLine } from '../support/load';
import { createBenchDatabase } from '../support/postgres';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// BENCH_DISPATCHER=process: the server runs with KIZUNA_DISPATCHER=off and webhooks go out from a second
// process (`npm run dispatch`), as a busy instance would run them.
const SEPARATE_DISPATCHER = process.env.BENCH_DISPATCHER === 'process';
const RATE = Number(process.env.BENCH_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const BURST = Number(process.env.BENCH_BURST ?? 3000);
const BACKLOG = Number(process.env.BENCH_BACKLOG ?? 5000);
const ADMIN_KEY = 'bench_admin_key_0123456789abcdefghijklmnop';

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

// The receiver: when each response id arrived.
const arrivals = new Map<string, number>();
let received = 0;
const receiver = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    received++;
    const id = (JSON.parse(Buffer.concat(chunks).toString()) as { data: { id: string } }).data.id;
    if (!arrivals.has(id)) arrivals.set(id, performance.now());
    res.writeHead(204).end();
  });
});
await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

function spawnEntry(entry: string, env: Record<string, string>) {
  return spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    env: { ...process.env, KIZUNA_LOG: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Like bench/support/server.ts, but keeps the server's output to show it if the server dies. */
async function startNodeServer(env: Record<string, string>, port: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/node.ts'], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    env: { ...process.env, KIZUNA_LOG: 'off', PORT: String(port), HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  child.on('exit', (code, signal) => { if (code) console.error(`server exited (${code ?? signal}):\n${output.slice(-4000)}`); });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { url, stop: () => child.kill('SIGTERM') };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not become healthy: ${output}`);
}

const bench = await createBenchDatabase('webhooks');
const serverEnv = {
  DATABASE_URL: bench.url,
  KIZUNA_ADMIN_KEY: ADMIN_KEY,
  KIZUNA_ALLOW_PRIVATE_WEBHOOKS: 'true',
  KIZUNA_RATE_LIMIT_PER_KEY: '100000000',
  KIZUNA_RATE_LIMIT_PER_CLIENT: '100000000',
  ...(SEPARATE_DISPATCHER ? { KIZUNA_DISPATCHER: 'off' } : {}),
};
const server = await startNodeServer(serverEnv, 19_000 + Math.floor(Math.random() * 1000));
const dispatcherProcess = SEPARATE_DISPATCHER ? spawnEntry('server/dispatcher-node.ts', serverEnv) : null;
let serverRunning = true;
try {
  const post = async (path: string, key: string, body: unknown) => {
    const res = await fetch(server.url + path, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<any>;
  };
  const project = await post('/v1/projects', ADMIN_KEY, { name: 'Bench' });
  const survey = await post('/v1/surveys', project.secretKey, { name: 'NPS' });
  await post('/v1/webhooks', project.secretKey, { url: receiverUrl, events: ['response.created'] });

  const committed = new Map<string, number>();
  const answerOnce = async (i: number) => {
    // An idempotency key makes a retry safe: undici may reuse a keep-alive socket the server just closed.
    const answer = { surveyId: survey.id, score: i % 11, comment: i % 4 === 0 ? 'Support was slow.' : undefined, idempotencyKey: crypto.randomUUID() };
    for (let attempt = 1; ; attempt++) {
      try {
        const body = await post('/v1/responses', project.publishableKey, answer);
        if (!committed.has(body.id)) committed.set(body.id, performance.now());
        return;
      } catch (err) {
        if (attempt >= 3) throw err;
      }
    }
  };
  const waitForAll = async (ids: () => number) => {
    const deadline = performance.now() + 60_000;
    while (arrivals.size < ids() && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  };
  const lags = () => {
    const values = [...committed].map(([id, at]) => (arrivals.get(id) ?? NaN) - at).filter(Number.isFinite).sort((a, b) => a - b);
    return { p50: percentile(values, 50), p99: percentile(values, 99), max: values.at(-1) ?? NaN, n: values.length };
  };

  console.log(`bench/webhooks — ${new Date().toISOString()} — ${machineLine()}`);
  console.log(SEPARATE_DISPATCHER ? 'dispatcher: its own process (npm run dispatch), server with KIZUNA_DISPATCHER=off' : 'dispatcher: inside the server process (default)');

  // 0. Warm-up, not measured: the server's pool opens its connections and prepares its statements, and the
  // JIT compiles the hot path; the first seconds of a cold server otherwise dominate the paced p99.
  const WARMUP = Number(process.env.BENCH_WARMUP ?? 500);
  let warm = 0;
  await Promise.all(Array.from({ length: 16 }, async () => { for (let i = warm++; i < WARMUP; i = warm++) await answerOnce(i); }));
  await waitForAll(() => committed.size);
  console.log(`warm-up: ${WARMUP} answers, delivered ${[...committed.keys()].filter((id) => arrivals.has(id)).length} (not measured)`);
  committed.clear();
  arrivals.clear();

  // 1. Paced load.
  const total = RATE * SECONDS;
  const start = performance.now();
  // At most 64 answers in flight: a server that cannot keep up lowers the offered rate (reported below)
  // instead of drowning in thousands of sockets.
  const inflight = new Set<Promise<void>>();
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    while (inflight.size >= 64) await Promise.race(inflight);
    const p: Promise<void> = answerOnce(i).finally(() => inflight.delete(p));
    inflight.add(p);
  }
  await Promise.all(inflight);
  const sendSeconds = (performance.now() - start) / 1000;
  await waitForAll(() => committed.size);
  const paced = lags();
  console.log(`paced: ${total} answers in ${fmt(sendSeconds)} s (${fmt(total / sendSeconds)}/s offered); delivered ${paced.n}/${total}`);
  console.log(`  lag commit→delivery: p50 ${fmt(paced.p50)} ms, p99 ${fmt(paced.p99)} ms, max ${fmt(paced.max)} ms`);

  // 2. Burst: as fast as 32 clients can send.
  committed.clear();
  arrivals.clear();
  const burstStart = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: 32 }, async () => { for (let i = next++; i < BURST; i = next++) await answerOnce(i); }));
  const ingestSeconds = (performance.now() - burstStart) / 1000;
  await waitForAll(() => committed.size);
  const lastArrival = Math.max(...arrivals.values());
  const burst = lags();
  console.log(`burst: ${BURST} answers ingested at ${fmt(BURST / ingestSeconds)}/s; delivered ${burst.n} at ${fmt(burst.n / ((lastArrival - burstStart) / 1000))} events/s end to end`);
  console.log(`  lag commit→delivery under burst: p50 ${fmt(burst.p50)} ms, p99 ${fmt(burst.p99)} ms, max ${fmt(burst.max)} ms`);

  // 3. Backlog drain by the dispatcher alone (server stopped, rows queued directly).
  server.stop();
  dispatcherProcess?.kill('SIGTERM');
  serverRunning = false;
  await new Promise((r) => setTimeout(r, 500));
  const db = bench.handle.db;
  await db.execute(sql`
    insert into webhook_deliveries (id, project_id, endpoint_id, event_id, event_type, body, next_attempt_at)
    select 'dlv_bench_' || g, d.project_id, d.endpoint_id, 'evt_bench_' || g, d.event_type,
           replace(d.body, d.body::json->'data'->>'id', 'rsp_bench_' || g), now()
    from generate_series(1, ${BACKLOG}) g, (select * from webhook_deliveries limit 1) d`);
  arrivals.clear();
  const deps = { db, clock: systemClock, logger: () => {}, allowPrivateTargets: true };
  const drainStart = performance.now();
  let drained = 0;
  for (;;) {
    const { claimed } = await dispatchDueDeliveries(deps, { limit: 100 });
    drained += claimed;
    if (claimed === 0) break;
  }
  const drainSeconds = (performance.now() - drainStart) / 1000;
  console.log(`backlog: ${drained} queued deliveries drained by one dispatcher (batches of 100) at ${fmt(drained / drainSeconds)} events/s`);
  console.log(`receiver saw ${received} requests in total`);
} finally {
  if (serverRunning) server.stop();
  dispatcherProcess?.kill('SIGTERM');
  receiver.close();
  await bench.drop();
}
