// Builds a Worker bundle the way `wrangler deploy` does (esbuild, aliases, nodejs_compat), without deploying.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const wranglerBin = createRequire(import.meta.url).resolve('wrangler/bin/wrangler.js');

/** Wrangler offline: no telemetry, no Request.cf download, no account. */
export function offlineWranglerEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    WRANGLER_SEND_METRICS: 'false',
    CLOUDFLARE_CF_FETCH_ENABLED: 'false',
    WRANGLER_LOG_PATH: join(tmpdir(), 'kizuna-wrangler-logs'),
    CI: 'true',
    ...extra,
  };
  delete env.CLOUDFLARE_API_TOKEN;
  delete env.CLOUDFLARE_ACCOUNT_ID;
  return env;
}

/** file: the bundle; metafile: esbuild's account of every input module and import. */
export type WorkerBuild = { dir: string; file: string; metafile: string };

/** entry: the Worker's entry module, relative to the repo; the bundle is <dir>/<entry name>.js */
export async function buildWorker(entry = 'server/worker.ts', outDir?: string): Promise<WorkerBuild> {
  const dir = outDir ?? mkdtempSync(join(tmpdir(), 'kizuna-worker-'));
  const metafile = join(dir, 'bundle-meta.json');
  const args = [
    wranglerBin, 'deploy', '--dry-run', '--outdir', dir, '--metafile', metafile,
    '--config', join(repoRoot, 'wrangler.toml'), join(repoRoot, entry),
  ];
  const output: string[] = [];
  const code = await new Promise<number | null>((done, fail) => {
    const child = spawn(process.execPath, args, { cwd: repoRoot, env: offlineWranglerEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk) => output.push(String(chunk)));
    child.stderr.on('data', (chunk) => output.push(String(chunk)));
    child.on('error', fail);
    child.on('exit', done);
  });
  if (code !== 0) throw new Error(`wrangler could not build ${entry} (exit ${code}):\n${output.join('')}`);
  const name = entry.split('/').pop()!.replace(/\.ts$/, '.js');
  return { dir, file: join(dir, name), metafile };
}

/**
 * The static assets the Worker serves, built fresh into a folder of their own: dist/ changes while other
 * work rebuilds it, and wrangler dev restarts the Worker (mid-request) whenever its assets change.
 * Built here, the tests also do not depend on an earlier `npm run build`.
 */
export async function snapshotAssets(outDir?: string): Promise<string> {
  const dir = outDir ?? mkdtempSync(join(tmpdir(), 'kizuna-worker-assets-'));
  const [{ buildWidget }, { buildDashboard }] = await Promise.all([
    import('../../scripts/build-widget'),
    import('../../scripts/build-dashboard'),
  ]);
  const [widget, dashboard] = await Promise.all([buildWidget(), buildDashboard()]);
  mkdirSync(join(dir, 'dashboard'), { recursive: true });
  writeFileSync(join(dir, 'widget.js'), widget);
  for (const [name, bytes] of dashboard.files) writeFileSync(join(dir, 'dashboard', name), bytes);
  return dir;
}

export type WorkerRun = { script: string; assetsDir: string };

/** What every workerd test process needs: the test entry's bundle and the assets, built once. */
export async function prepareWorkerRun(): Promise<WorkerRun> {
  const [build, assetsDir] = await Promise.all([buildWorker('test/worker/entry.ts'), snapshotAssets()]);
  return { script: build.file, assetsDir };
}
