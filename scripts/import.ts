// `npm run import -- file.csv --project <id> [--preset delighted|generic] [--survey <id>] [--no-rules]`:
// imports past answers from a CSV or JSON lines file (.jsonl/.ndjson) into a project, on the database
// `npm start` uses (DATABASE_URL, or the embedded one in KIZUNA_DATA_DIR, default ./data; stop the server
// first when it is the embedded one). The file is streamed; progress goes to stderr, the summary to stdout.
// Re-running the same file adds nothing. Exit code 1 when the import could not run, 0 otherwise (failed rows
// are listed in the summary).
import '../server/quiet-dotenv';
import { createReadStream, statSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { migrate } from '../db/migrate';
import { createDb } from '../db/node';
import { projects } from '../db/schema';
import { systemClock } from '../server/clock';
import { importAnswers, type ImportSummary } from '../server/services/imports/import';
import { progressLine } from './import-progress';
import { IMPORT_PRESETS, type ImportPreset } from '../server/services/imports/mapping';

function parseArgs(args: string[]) {
  let file: string | undefined;
  let project: string | undefined;
  let preset: ImportPreset = 'generic';
  let survey: string | undefined;
  let rules = true;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--project') project = args[++i];
    else if (arg === '--preset') {
      const value = args[++i] as ImportPreset;
      if (!IMPORT_PRESETS.includes(value)) throw new Error(`--preset is one of ${IMPORT_PRESETS.join(', ')}`);
      preset = value;
    } else if (arg === '--survey') survey = args[++i];
    else if (arg === '--no-rules') rules = false;
    else if (!arg.startsWith('--') && !file) file = arg;
    else throw new Error(`unknown argument ${JSON.stringify(arg)}`);
  }
  if (!file || !project) throw new Error('usage: npm run import -- file.csv --project <id> [--preset delighted|generic] [--survey <id>] [--no-rules]');
  return { file, project, preset, survey, rules };
}

async function main() {
  const { file, project, preset, survey, rules } = parseArgs(process.argv.slice(2));
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const dataDir = process.env.KIZUNA_DATA_DIR ?? './data';
  const handle = await createDb({ databaseUrl, dataDir, poolSize: 10 });
  try {
    await migrate(handle);
    const [known] = await handle.db.select({ id: projects.id }).from(projects).where(eq(projects.id, project));
    if (!known) throw new Error(`no project ${JSON.stringify(project)} in this database (the dashboard's Settings page shows its id)`);
    const started = performance.now();
    const live = process.stderr.isTTY;
    const stream = createReadStream(file);
    const totalBytes = statSync(file).size;
    const line = (s: ImportSummary) =>
      progressLine({ summary: s, bytesRead: stream.bytesRead, totalBytes, seconds: (performance.now() - started) / 1000 });
    const summary = await importAnswers(
      { db: handle.db, projectId: project, clock: systemClock },
      stream,
      {
        format: /\.(jsonl|ndjson)$/i.test(file) ? 'ndjson' : 'csv',
        preset,
        surveyId: survey,
        followUpRules: rules,
        concurrency: 8,
        // On a terminal the bar is redrawn in place every 1,000 rows; in a log, one line per 10,000 rows.
        progressEvery: live ? 1_000 : 10_000,
        onProgress: (s) => process.stderr.write(live ? `\r${line(s)}\x1b[K` : `${line(s)}\n`),
      },
    );
    if (live) process.stderr.write('\n');
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      `Imported ${summary.imported} answers, ${summary.alreadyImported} already imported, ${summary.updated} changed, ` +
        `${summary.failed} failed, of ${summary.rows} rows in ${seconds} s.\n`,
    );
    for (const failure of summary.failures) process.stdout.write(`  line ${failure.line}: ${failure.reason}\n`);
    if (summary.failed > summary.failures.length) process.stdout.write(`  … and ${summary.failed - summary.failures.length} more\n`);
  } finally {
    await handle.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`Import failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
