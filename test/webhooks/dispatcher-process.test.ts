// `npm run dispatch`: webhooks delivered by a process of their own, beside API processes started with
// KIZUNA_DISPATCHER=off. Postgres only (the embedded database belongs to one process).
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api';
import { usingPostgres } from '../support/database';
import { onWorker } from '../support/target';
import { answer, projectWithEndpoint } from './support/project';
import { startReceiver, type Receiver } from './support/receiver';
import { verifyDelivery } from './support/verify';

if (!usingPostgres()) console.warn('test/webhooks/dispatcher-process: skipped, a separate dispatcher needs DATABASE_URL (the Postgres run covers it)');

// Node's own entry point: not run against the Worker.
describe.skipIf(onWorker || !usingPostgres())('a dispatcher process of its own', () => {
  let api: TestApi;
  let receiver: Receiver;
  let child: ChildProcess | null = null;
  let output = '';
  beforeAll(async () => {
    api = await startTestApi({ config: { allowPrivateWebhooks: true } });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await receiver.close();
    await api.close();
  });
  const start = (env: Record<string, string>) => {
    child = spawn(process.execPath, ['--import', 'tsx', 'server/dispatcher-node.ts'], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    return child;
  };
  const exited = (proc: ChildProcess) => new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));

  it('delivers what the API queued, signed, and stops cleanly', async () => {
    const { project, surveyId, endpoint } = await projectWithEndpoint(api, { url: receiver.url, events: ['response.created'] });
    const stored = await answer(api, project.secretKey, { surveyId, score: 3, comment: 'Nobody called back' });

    const proc = start({ DATABASE_URL: api.db.url!, KIZUNA_ALLOW_PRIVATE_WEBHOOKS: 'true', KIZUNA_LOG: 'off' });
    const deadline = Date.now() + 30_000;
    while (receiver.received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(output).toContain('Kizuna webhook dispatcher running');
    expect(receiver.received).toHaveLength(1);
    expect(verifyDelivery(endpoint.secret, receiver.received[0]!).data.id).toBe(stored.id);

    const status = async () => (await api.request('GET', `/v1/webhooks/${endpoint.id}/deliveries`, { key: project.secretKey })).body.data[0].status;
    await expect.poll(status).toBe('delivered');

    proc.kill('SIGTERM');
    expect(await exited(proc)).toBe(0);
    child = null;
  });

  it('refuses to start without Postgres, and says why', async () => {
    const proc = start({ DATABASE_URL: '' });
    expect(await exited(proc)).toBe(1);
    expect(output).toMatch(/DATABASE_URL is not set/);
    child = null;
  });
});
