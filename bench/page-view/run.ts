// bench/page-view: what every page view of a customer's site costs, on the Node server and the local Postgres.
// Side by side in one run, with 16 keep-alive clients (BENCH_CONCURRENCY): the physical limit of a page view
// (GET /widget.js revalidated: a 304 that touches nothing), the widget's config for an anonymous visitor and
// for an identified customer who has not answered lately (the one case that reads their history), and the
// bytes /widget.js and the dashboard's scripts take on the wire. Requests carry what a browser sends
// (Accept-Encoding, Origin). Run: npm run bench:page-view   (DATABASE_URL defaults to the local Postgres)
import '../../server/quiet-dotenv';
import { Pool } from 'undici';
import { withMachineCpu } from '../support/cpu';
import { createHttpClient } from '../support/http-client';
import { fmt, machineLine, runLoad } from '../support/load';
import { createBenchDatabase } from '../support/postgres';
import { startNodeServer } from '../support/server';

const TOTAL = Number(process.env.BENCH_REQUESTS ?? 10_000);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ADMIN_KEY = 'bench_admin_key_0123456789abcdefghijklmnop';
const BROWSER = { 'accept-encoding': 'gzip, deflate, br, zstd', origin: 'https://shop.example' };

const bench = await createBenchDatabase('page_view');
const server = await startNodeServer({ DATABASE_URL: bench.url, KIZUNA_ADMIN_KEY: ADMIN_KEY }, 19_000 + Math.floor(Math.random() * 1000));
try {
  const setup = createHttpClient(server.url, 1);
  const project = (await setup.post('/v1/projects', ADMIN_KEY, { name: 'Shop' })).body as { secretKey: string; publishableKey: string };
  const survey = (await setup.post('/v1/surveys', project.secretKey, { name: 'NPS', targeting: { recontactDays: 90 } })).body as { id: string };
  // Half of the identified customers answered lately (they are not asked again), half never did.
  for (let i = 0; i < 500; i++) {
    await setup.post('/v1/responses', project.secretKey, { surveyId: survey.id, score: i % 11, person: { id: `cus_${i * 2}` } });
  }
  await setup.close();

  const pool = new Pool(server.url, { connections: CONCURRENCY, pipelining: 1 });
  const get = async (path: string, headers: Record<string, string>) => {
    const res = await pool.request({ path, method: 'GET', headers });
    const bytes = Buffer.from(await res.body.arrayBuffer());
    return { status: res.statusCode, headers: res.headers, bytes };
  };
  const first = await get('/widget.js', BROWSER);
  const etag = String(first.headers.etag);
  const auth = { ...BROWSER, authorization: `Bearer ${project.publishableKey}` };
  const surveysPath = `/v1/widget/surveys?key=${project.publishableKey}`;
  const surveysTag = String((await get(surveysPath, BROWSER)).headers.etag);
  let run = 0; // a new set of first-time customers for every round
  const targets: { label: string; send: (i: number) => Promise<boolean> }[] = [
    { label: 'GET /widget.js, repeat visit (304)', send: async () => (await get('/widget.js', { ...BROWSER, 'if-none-match': etag })).status === 304 },
    // The widget since the split: the public half (every visitor; within a minute the browser does not even ask)…
    { label: 'GET /v1/widget/surveys, public half', send: async () => (await get(surveysPath, BROWSER)).status === 200 },
    { label: 'GET /v1/widget/surveys, revalidated (304)', send: async () => (await get(surveysPath, { ...BROWSER, 'if-none-match': surveysTag })).status === 304 },
    // …and the private half, asked only for an identified customer on a page where a survey would show.
    {
      label: 'GET /v1/widget/contact, customer browsing',
      send: async (i) => (await get(`/v1/widget/contact?key=${project.publishableKey}&personId=cus_${i % 1000}&surveys=${survey.id}`, BROWSER)).status === 200,
    },
    {
      label: 'GET /v1/widget/contact, customer, first page view',
      send: async (i) => (await get(`/v1/widget/contact?key=${project.publishableKey}&personId=first_${run}_${i}&surveys=${survey.id}`, BROWSER)).status === 200,
    },
    // The single call that widgets cached before the split still make.
    {
      label: 'GET /v1/widget/config, anonymous visitor',
      send: async (i) => (await get(`/v1/widget/config?anonymousId=anon_${i}&url=https%3A%2F%2Fshop.example%2Fcart`, auth)).status === 200,
    },
    {
      // Customers browsing: 1,000 of them, each back within seconds, as on a busy site.
      label: 'GET /v1/widget/config, identified customer browsing',
      send: async (i) => (await get(`/v1/widget/config?personId=cus_${i % 1000}&url=https%3A%2F%2Fshop.example%2Fcart`, auth)).status === 200,
    },
    {
      // A customer's first page view: a different customer every request, so their history is always read.
      label: 'GET /v1/widget/config, identified customer, first page view',
      send: async (i) => (await get(`/v1/widget/config?personId=new_${run}_${i}&url=https%3A%2F%2Fshop.example%2Fcart`, auth)).status === 200,
    },
  ];
  for (const target of targets) await runLoad({ total: WARMUP, concurrency: CONCURRENCY, send: target.send });

  console.log(`bench/page-view — ${new Date().toISOString()} — ${machineLine()}`);
  console.log(`${TOTAL} requests per target after ${WARMUP} warm-up, ${CONCURRENCY} keep-alive clients; Postgres ${bench.url.replace(/\/\/.*@/, '//')}`);
  console.log(`${ROUNDS} interleaved rounds; each figure is the target's median round (a busy machine favours no target by its place in the order)`);
  console.log('target | req/s | p50 ms | p99 ms | machine CPU ms/req | Postgres CPU ms/req | of the 304');
  const rounds = targets.map(() => [] as Awaited<ReturnType<typeof measure>>[]);
  const measure = (send: (i: number) => Promise<boolean>) => withMachineCpu(() => runLoad({ total: TOTAL, concurrency: CONCURRENCY, send }));
  for (let round = 0; round < ROUNDS; round++) {
    run++;
    for (const [t, target] of targets.entries()) rounds[t]!.push(await measure(target.send));
  }
  const median = <T extends { perSecond: number }>(runs: T[]) => [...runs].sort((a, b) => a.perSecond - b.perSecond)[Math.floor(runs.length / 2)]!;
  const results = targets.map((target, t) => ({ target, result: median(rounds[t]!) }));
  const baseline = results[0]!.result.perSecond;
  const cpu = (ms: number | null) => (ms === null ? '–' : fmt(ms, 3));
  for (const { target, result } of results) {
    console.log(
      [target.label, fmt(result.perSecond, 0), fmt(result.p50, 2), fmt(result.p99, 2), cpu(result.cpuMsPerRequest), cpu(result.postgresCpuMsPerRequest), fmt(result.perSecond / baseline, 2)].join(
        ' | ',
      ) + (result.errors ? `  (${result.errors} errors)` : ''),
    );
  }

  // Bytes on the wire, as a browser receives them.
  const wire = async (path: string, accept: string) => (await get(path, { 'accept-encoding': accept })).bytes.length;
  const page = (await get('/overview', {})).bytes.toString();
  const scripts = [...page.matchAll(/\/dashboard\/[\w-]+\.js/g)].map((m) => m[0]);
  console.log('\nfile | identity B | gzip B | br B');
  for (const path of ['/widget.js', ...scripts]) {
    console.log([path, await wire(path, 'identity'), await wire(path, 'gzip'), await wire(path, 'br')].join(' | '));
  }
  const config = await get(`/v1/widget/config?anonymousId=a&url=https%3A%2F%2Fshop.example%2F`, auth);
  console.log(`/v1/widget/config (anonymous) | ${(await get(`/v1/widget/config?anonymousId=a`, { authorization: auth.authorization })).bytes.length} | – | ${config.bytes.length} (${config.headers['content-encoding'] ?? 'identity'})`);
  await pool.close();
} finally {
  server.stop();
  await bench.drop();
}
