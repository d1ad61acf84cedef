// Runs a built Worker in workerd with `wrangler dev --local`, Hyperdrive pointed at a given Postgres database.
// Each call starts its own process (its own database, vars and in-isolate rate limiter), like a deployment.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { offlineWranglerEnv, repoRoot, wranglerBin } from './build';

export type WorkerDevServer = {
  url: string;
  /** JSON lines the Worker logged (the app's request log), parsed as they arrive. */
  logs: Record<string, unknown>[];
  output: () => string;
  stop: () => Promise<void>;
};

export type WorkerDevOptions = {
  /** The bundle to run (test/worker/build.ts). */
  script: string;
  /** The static assets to serve instead of dist/ (a snapshot that does not change under the Worker). */
  assetsDir?: string;
  /** The Postgres database Hyperdrive connects to. */
  databaseUrl: string;
  vars?: Record<string, string>;
  startTimeoutMs?: number;
};

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** Hyperdrive insists on a password in the connection string; a trust-auth local server ignores it. */
export function withPassword(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  if (!url.password) url.password = 'postgres';
  return url.toString();
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  // A test process that dies must not leave workerd behind: end the process groups we started.
  for (const child of running) if (child.pid) killGroup(child.pid);
});

function killGroup(pid: number, signal: NodeJS.Signals = 'SIGTERM') {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Ports are picked free and released before wrangler binds them, so with test files starting Workers in
 * parallel another process can take one in between ("Address already in use"): then start again on a new one.
 */
export async function startWorkerDev(options: WorkerDevOptions): Promise<WorkerDevServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startWorkerDevOnce(options);
    } catch (err) {
      const portTaken = err instanceof Error && /Address already in use/.test(err.message);
      if (!portTaken || attempt >= 3) throw err;
    }
  }
}

async function startWorkerDevOnce(options: WorkerDevOptions): Promise<WorkerDevServer> {
  const port = await freePort();
  const persistDir = mkdtempSync(join(tmpdir(), 'kizuna-wrangler-state-'));
  const vars = Object.entries(options.vars ?? {}).flatMap(([k, v]) => ['--var', `${k}:${v}`]);
  const args = [
    wranglerBin, 'dev', options.script, '--config', join(repoRoot, 'wrangler.toml'), '--no-bundle', '--local',
    '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', '0', '--persist-to', persistDir,
    '--show-interactive-dev-session=false', ...vars,
    ...(options.assetsDir ? ['--assets', options.assetsDir] : []),
  ];
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: offlineWranglerEnv({ CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: withPassword(options.databaseUrl) }),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so stop() ends wrangler and the workerd it started
  });
  running.add(child);
  const chunks: string[] = [];
  const logs: Record<string, unknown>[] = [];
  let pending = '';
  const url = `http://127.0.0.1:${port}`;
  let resolveReady: () => void;
  const ready = new Promise<void>((r) => (resolveReady = r));
  // Everything wrangler says goes to a file too, for when a run needs explaining.
  const logFile = createWriteStream(join(tmpdir(), `kizuna-wrangler-dev-${port}.log`));
  const onData = (chunk: Buffer) => {
    logFile.write(chunk);
    const text = String(chunk);
    chunks.push(text);
    pending += text;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (line.includes('Ready on http://')) resolveReady();
      if (line.startsWith('{')) {
        try {
          logs.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          // not one of ours
        }
      }
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      killGroup(child.pid);
      const timer = setTimeout(() => child.pid && killGroup(child.pid, 'SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    running.delete(child);
    logFile.end();
    rmSync(persistDir, { recursive: true, force: true });
  };

  const timeoutMs = options.startTimeoutMs ?? 90_000;
  const outcome = await Promise.race([
    ready.then(() => 'ready' as const),
    exited.then(() => 'exited' as const),
    new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), timeoutMs).unref()),
  ]);
  if (outcome !== 'ready') {
    await stop();
    throw new Error(`wrangler dev did not start (${outcome}):\n${chunks.join('')}`);
  }
  // Ready means workerd listens; the first request also proves Hyperdrive reaches the migrated database.
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${url}/healthz`).catch(() => null);
    if (res?.ok) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The Worker never became healthy (${res?.status ?? 'no answer'}):\n${chunks.join('')}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, logs, output: () => chunks.join(''), stop };
}
