// What the Worker bundle contains: the app and postgres.js, never the Node-only parts (PGlite, node:fs,
// the SMTP mailer, the Node entry). Builds server/worker.ts exactly as `wrangler deploy` would.
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorker, type WorkerBuild } from './build';

type Metafile = {
  inputs: Record<string, { imports: { path: string; external?: boolean }[] }>;
  outputs: Record<string, { imports: { path: string; external?: boolean }[] }>;
};

// postgres.js' workerd build needs these three, and nodejs_compat gives them natively. Nothing else from node:*.
const allowedNodeModules = ['node:buffer', 'node:events', 'node:stream'];

let build: WorkerBuild;
let meta: Metafile;
let code: string;
beforeAll(async () => {
  build = await buildWorker('server/worker.ts');
  meta = JSON.parse(readFileSync(build.metafile, 'utf8')) as Metafile;
  code = readFileSync(build.file, 'utf8');
}, 120_000);
afterAll(() => rmSync(build.dir, { recursive: true, force: true }));

const inputs = () => Object.keys(meta.inputs);
const externalImports = () => [
  ...new Set(Object.values(meta.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path))),
];

describe('the Worker bundle', () => {
  it('holds the app and postgres.js built for workerd', () => {
    expect(inputs()).toContain('server/app.ts');
    expect(inputs().some((path) => path.includes('node_modules/postgres/cf/'))).toBe(true);
    expect(externalImports()).toContain('cloudflare:sockets');
  });

  it('leaves out PGlite, the Node entry and the Node database helpers', () => {
    const nodeOnly = inputs().filter((path) =>
      /@electric-sql\/pglite|^db\/(pglite|node|migrate)\.ts$|^server\/node\.ts$|quiet-dotenv/.test(path),
    );
    expect(nodeOnly).toEqual([]);
    expect(code).not.toContain('@electric-sql/pglite');
  });

  it('leaves out the SMTP mailer', () => {
    expect(inputs().filter((path) => /nodemailer|smtp/i.test(path))).toEqual([]);
  });

  it('imports nothing from node:* beyond what postgres.js needs, and never node:fs', () => {
    // A bare built-in name is the same module under nodejs_compat: csv-parse (the import route) asks for 'stream'.
    const nodeImports = externalImports()
      .filter((path) => path.startsWith('node:') || !path.includes(':'))
      .map((path) => (path.startsWith('node:') ? path : `node:${path}`));
    expect(nodeImports.filter((path) => !allowedNodeModules.includes(path))).toEqual([]);
    expect(code).not.toMatch(/["']node:fs(\/promises)?["']/);
  });
});
