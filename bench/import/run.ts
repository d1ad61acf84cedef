// `npm run bench:import` (IMPORT_ROWS=1000000 for a million): writes a Delighted-shaped CSV of N rows
// (default 100,000) to a temporary file, imports it into a throw-away database on the local PostgreSQL
// through the importer `npm run import` uses (rules off, as for a backfill), then imports it again (all
// already there), and prints rows per second and the process's peak RSS.
import { createWriteStream, createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../../server/clock';
import { createProject } from '../../server/services/projects/create';
import { importAnswers } from '../../server/services/imports/import';
import { createBenchDatabase } from '../support/postgres';

const rows = Number(process.env.IMPORT_ROWS ?? 100_000);
const comments = ['Great product, easy to use', 'Slow support.\nNeeded three emails.', 'とても使いやすいです', '', 'Pricing is "too high", otherwise fine'];

async function writeFile(path: string) {
  const out = createWriteStream(path);
  out.write('Response ID,Score,Comment,Response timestamp,Email,Name,Tags,Plan\n');
  const start = Date.parse('2023-01-01T00:00:00Z');
  for (let i = 0; i < rows; i++) {
    const comment = comments[i % comments.length]!.replace(/"/g, '""');
    const time = new Date(start + i * 60_000).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
    const line = `${i + 1},${i % 11},"${comment}",${time},user${i % 5000}@example.com,User ${i % 5000},${i % 3 ? 'vip' : ''},${i % 2 ? 'pro' : 'free'}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'kizuna-import-'));
  const file = join(dir, 'export.csv');
  await writeFile(file);
  const bench = await createBenchDatabase('import');
  try {
    const project = await createProject(bench.handle.db, { name: 'Import bench' });
    const ctx = { db: bench.handle.db, projectId: project.id, clock: systemClock };
    let peakRss = 0;
    const sample = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
    const run = async (label: string) => {
      const started = performance.now();
      const summary = await importAnswers(ctx, createReadStream(file), { format: 'csv', preset: 'delighted', followUpRules: false, concurrency: 8 });
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `${label}: ${summary.rows} rows in ${seconds.toFixed(1)} s = ${Math.round(summary.rows / seconds)} rows/s ` +
          `(imported ${summary.imported}, already there ${summary.alreadyImported}, failed ${summary.failed})`,
      );
    };
    await run('first import');
    await run('same file again');
    clearInterval(sample);
    console.log(`peak RSS ${(Math.max(peakRss, process.memoryUsage().rss) / 2 ** 20).toFixed(0)} MiB (process.resourceUsage maxRSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB)`);
  } finally {
    await bench.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
