// `npm run bench:import` (IMPORT_ROWS=1000000 for a million): writes a Delighted-shaped CSV of N rows
// (default 100,000) to a temporary file, imports it into a throw-away database on the local PostgreSQL
// through the importer `npm run import` uses: into one project with follow-up rules off (as for a backfill),
// into another with them on (the default: the project's default rule opens a case for each detractor), then
// again into the first (all already there). Prints rows per second, the rules-on/rules-off ratio of the same
// run, and the process's peak RSS.
import { createWriteStream, createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../db/client';
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
    const backfill = await createProject(bench.handle.db, { name: 'Import bench, rules off' });
    const withRules = await createProject(bench.handle.db, { name: 'Import bench, rules on' });
    let peakRss = 0;
    const sample = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
    const run = async (label: string, projectId: string, followUpRules: boolean) => {
      const ctx = { db: bench.handle.db, projectId, clock: systemClock };
      const started = performance.now();
      const summary = await importAnswers(ctx, createReadStream(file), { format: 'csv', preset: 'delighted', followUpRules, concurrency: 8 });
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `${label}: ${summary.rows} rows in ${seconds.toFixed(1)} s = ${Math.round(summary.rows / seconds)} rows/s ` +
          `(imported ${summary.imported}, already there ${summary.alreadyImported}, failed ${summary.failed})`,
      );
      return summary.rows / seconds;
    };
    const off = await run('first import, rules off', backfill.id, false);
    const on = await run('first import, rules on ', withRules.id, true);
    const [{ cases }] = rowsOf<{ cases: number }>(
      await bench.handle.db.execute(sql`select count(*)::int as cases from follow_ups where project_id = ${withRules.id}`),
    ) as [{ cases: number }];
    console.log(`rules on / rules off: ${(on / off).toFixed(2)} (${cases} cases opened)`);
    await run('same file again        ', backfill.id, false);
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
