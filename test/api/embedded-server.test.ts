// `npm start` as a new user runs it: the Node entry on the embedded database (no DATABASE_URL), over a real
// socket. Every request that used to cost answers (the "constructor" comment, NUL and lone surrogates, %00 in
// paths, properties 1,000 and 10,000 deep, which trapped PGlite until restart) is sent to one running server;
// afterwards an ordinary answer still gets 201, /healthz 200, and the process is still running.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInProcess } from '../support/target';

const adminKey = `embedded_admin_key_${crypto.randomUUID()}`;
let server: ChildProcess;
let base: string;
let dataDir: string;
let exitCode: number | null = null;
let output = '';

async function call(method: string, path: string, key: string, body?: string) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body,
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

describeInProcess('the embedded server keeps every answer, whatever it is sent', () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kizuna-embedded-'));
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1', KIZUNA_DATA_DIR: dataDir, KIZUNA_ADMIN_KEY: adminKey, KIZUNA_LOG: 'off' };
    delete env.DATABASE_URL;
    server = spawn(process.execPath, ['--import', 'tsx', 'server/node.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    server.on('exit', (code) => (exitCode = code));
    server.stderr!.on('data', (d) => (output += d));
    // The entry prints its address once it listens; wait for that line (or the process ending) rather than a delay.
    base = await new Promise<string>((resolve, reject) => {
      server.stdout!.on('data', (d) => {
        output += d;
        const url = /Kizuna is running at (http:\/\/\S+)/.exec(output)?.[1];
        if (url) resolve(url.replace('localhost', '127.0.0.1'));
      });
      server.on('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
    });
  }, 300_000);

  afterAll(async () => {
    if (exitCode === null) {
      const exited = new Promise((resolve) => server.on('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 201 or 4xx to each bad input, then an ordinary answer is stored and the server is healthy', { timeout: 120_000 }, async () => {
    const project = (await call('POST', '/v1/projects', adminKey, JSON.stringify({ name: 'Embedded' }))).json;
    const survey = (await call('POST', '/v1/surveys', project.secretKey, JSON.stringify({ name: 'NPS' }))).json;
    const answer = (fields: string) => call('POST', '/v1/responses', project.publishableKey, `{"surveyId":"${survey.id}","score":3${fields}}`);

    const sent = [
      await answer(',"comment":"the constructor is bad"'),
      await answer(',"comment":"pasted\\u0000text \\udfff"'),
      await answer(',"idempotencyKey":"k\\u0000"'),
      await answer(',"person":{"id":"user\\udfff"}'),
      await answer(',"properties":{"page":"a\\u0000b"}'),
      await answer(`,"properties":${'{"a":'.repeat(1000)}1${'}'.repeat(1000)}`),
      await answer(`,"properties":{"list":${'['.repeat(10_000)}1${']'.repeat(10_000)}}`),
      await call('GET', '/v1/surveys/%00', project.secretKey),
      await call('GET', '/v1/responses?q=%00', project.secretKey),
      await call('GET', '/v1/responses?from=0000-01-01', project.secretKey),
    ];
    expect(sent.map((r) => r.status)).toEqual([201, 201, 422, 422, 201, 422, 422, 400, 400, 400]);

    const ordinary = await answer(',"comment":"Still works, thanks"');
    expect(ordinary.status).toBe(201);
    expect((await call('GET', '/healthz', project.secretKey)).status).toBe(200);
    const nps = await call('GET', `/v1/metrics/nps?surveyId=${survey.id}`, project.secretKey);
    expect(nps.json.n).toBe(4);
    expect(exitCode).toBeNull();
  });
});
