// CLI contract (keep it): `npm run --silent sentiment < comments.tsv`
// Input: UTF-8 TSV whose header names the columns; `id` and `text` are used (by name, so extra
// columns such as a gold label are ignored; a header without `text` means the second column).
// Output: one JSON line per data row, {"id","lang","score","label"}, and nothing else on stdout.
import { createInterface } from 'node:readline';
import { analyzeSentiment } from '../server/text/index.js';

function fail(message: string): never {
  process.stderr.write(`sentiment: ${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let idColumn = -1;
  let textColumn = -1;
  let buffered: string[] = [];
  const flush = () => {
    if (buffered.length > 0) process.stdout.write(buffered.join(''));
    buffered = [];
  };
  for await (const raw of lines) {
    const line = raw.replace(/\r$/, '');
    if (idColumn < 0) {
      const header = line.replace(/^\uFEFF/, '').split('\t').map((name) => name.trim().toLowerCase());
      idColumn = header.indexOf('id');
      textColumn = header.indexOf('text');
      if (idColumn < 0) fail(`the header line must name an "id" column (got: ${JSON.stringify(line.slice(0, 200))})`);
      if (textColumn < 0) textColumn = idColumn === 1 ? 0 : 1;
      continue;
    }
    if (line.length === 0) continue;
    const fields = line.split('\t');
    const id = fields[idColumn] ?? '';
    const { lang, score, label } = analyzeSentiment(fields[textColumn] ?? '');
    buffered.push(JSON.stringify({ id, lang, score, label }) + '\n');
    if (buffered.length >= 1000) flush();
  }
  flush();
  if (idColumn < 0) fail('no header line on standard input');
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
