// `npm run rescore [-- --themes] [-- --batch-size=N]`: after an upgrade of the text analysis (SENTIMENT_VERSION),
// re-scores the stored comments scored by another version — language, sentiment and themes — on the database
// `npm start` uses (DATABASE_URL, or the embedded one in KIZUNA_DATA_DIR, default ./data; stop the server
// first when it is the embedded one, which one process at a time can open). With --themes it also re-applies
// every project's themes to all its answers, which completes a theme change that was interrupted.
// Prints one summary line on stdout; errors go to stderr with exit code 1.
import '../server/quiet-dotenv';
import { migrate } from '../db/migrate';
import { createDb } from '../db/node';
import { reapplyAllProjectThemes, rescoreStaleResponses, RESCORE_BATCH_SIZE } from '../server/services/insights/rescore';
import { SENTIMENT_VERSION } from '../server/text';

function parseArgs(args: string[]) {
  let batchSize = RESCORE_BATCH_SIZE;
  let themes = false;
  for (const arg of args) {
    const size = /^--batch-size=(\d+)$/.exec(arg);
    if (size && Number(size[1]) >= 1 && Number(size[1]) <= 10_000) batchSize = Number(size[1]);
    else if (arg === '--themes') themes = true;
    else throw new Error(`unknown argument ${JSON.stringify(arg)} (use --themes, --batch-size=1..10000)`);
  }
  return { batchSize, themes };
}

async function main() {
  const { batchSize, themes } = parseArgs(process.argv.slice(2));
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const dataDir = process.env.KIZUNA_DATA_DIR ?? './data';
  const handle = await createDb({ databaseUrl, dataDir, poolSize: 2 });
  try {
    await migrate(handle); // the upgrade that brought a new analyzer may bring migrations too, as `npm start` would apply
    const started = performance.now();
    const scored = await rescoreStaleResponses(handle.db, { batchSize });
    const reapplied = themes ? await reapplyAllProjectThemes(handle.db, { batchSize }) : null;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const where = databaseUrl ? `Postgres ${new URL(databaseUrl).host}${new URL(databaseUrl).pathname}` : `embedded database in ${dataDir}`;
    const themePart = reapplied
      ? `; themes re-applied to ${reapplied.scanned} comments of ${reapplied.projects} projects, ${reapplied.changed} changed`
      : '';
    process.stdout.write(
      `Rescored ${scored.rescored} responses to sentiment ${SENTIMENT_VERSION} in ${scored.batches} batches ` +
        `(themes changed on ${scored.themesChanged})${themePart}; ${where}, ${seconds} s.\n`,
    );
  } finally {
    await handle.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`Rescore failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
