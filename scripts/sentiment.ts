// CLI contract (keep it): `npm run --silent sentiment < comments.tsv`
// Input: UTF-8 TSV whose header names the columns; `id` and `text` are used (by name, so extra
// columns such as a gold label are ignored; a header without `text` means the second column).
// Output: one JSON line per data row, {"id","lang","score","label"}, and nothing else on stdout.
// Any input exits 0 with one line per id: a row whose analysis fails is scored neutral and reported on
// stderr, and input without an `id` header is read as id<TAB>text lines (also reported on stderr).
// With `--aspects`: input header `id\ttext\ttarget\tfrom\tto` (UTF-16 offsets of the target in the text),
// output {"id","score","label"} per row, the sentiment about that target; a bad row (offsets wrong,
// text.slice(from, to) !== target, missing columns) is reported on stderr and scored neutral. Exit 0.
import { analyzeAspect, analyzeSentiment } from '../server/text/index';
import { createAspectScorer } from './sentiment-aspects-tsv';
import { createTsvScorer } from './sentiment-tsv';

function warn(message: string): void {
  process.stderr.write(`sentiment: ${message}\n`);
}

async function main(): Promise<void> {
  let buffered: string[] = [];
  const flush = () => {
    if (buffered.length > 0) process.stdout.write(buffered.join(''));
    buffered = [];
  };
  const write = (jsonLine: string) => {
    buffered.push(jsonLine);
    if (buffered.length >= 1000) flush();
  };
  const scorer = process.argv.slice(2).includes('--aspects')
    ? createAspectScorer((text, from, to) => analyzeAspect(text, from, to), write, warn)
    : createTsvScorer((text) => analyzeSentiment(text), write, warn);
  // Lines end at "\n" only (readline would also break at a lone "\r", inventing rows). The decoder
  // keeps multi-byte characters split across chunks whole and turns invalid UTF-8 into U+FFFD.
  process.stdin.setEncoding('utf8');
  let rest = '';
  for await (const chunk of process.stdin as AsyncIterable<string>) {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop()!;
    for (const line of lines) scorer.line(line);
  }
  if (rest.length > 0) scorer.line(rest);
  scorer.end();
  flush();
}

// A reader that stops early (`| head`) is not an error of ours.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

main().catch((error: unknown) => {
  warn(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
