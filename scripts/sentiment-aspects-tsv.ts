// The line-by-line part of `npm run --silent sentiment -- --aspects` (scripts/sentiment.ts), apart from
// stdin and stdout so that a test can drive it. Input: TSV with the header `id\ttext\ttarget\tfrom\tto`
// (columns found by name; UTF-16 offsets, text.slice(from, to) === target). Output: one JSON line per data
// row, {"id","score","label"}. A row that breaks the contract is reported on `warn` and scored neutral.
import type { AspectResult } from '../server/text/index';
import type { TsvScorer } from './sentiment-tsv';

export type AnalyzeAspect = (text: string, from: number, to: number) => Pick<AspectResult, 'score' | 'label'>;

const COLUMNS = ['id', 'text', 'target', 'from', 'to'] as const;
type Column = (typeof COLUMNS)[number];
const OFFSET = /^\d{1,15}$/;

export function createAspectScorer(analyze: AnalyzeAspect, write: (jsonLine: string) => void, warn: (message: string) => void): TsvScorer {
  let header: Map<Column, number> | undefined;
  let lineNumber = 0;

  const neutral = (id: string, reason: string) => {
    warn(`line ${lineNumber} (id ${JSON.stringify(id)}): ${reason}; scored neutral`);
    write(JSON.stringify({ id, score: 0, label: 'neutral' }) + '\n');
  };

  const score = (raw: string) => {
    const fields = raw.split('\t');
    const field = (name: Column) => fields[header!.get(name)!];
    const id = field('id') ?? '';
    const missing = COLUMNS.filter((name) => field(name) === undefined);
    if (missing.length > 0) return neutral(id, `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
    const text = field('text')!;
    const target = field('target')!;
    const fromText = field('from')!.trim();
    const toText = field('to')!.trim();
    if (!OFFSET.test(fromText) || !OFFSET.test(toText)) return neutral(id, `offsets must be whole numbers (from ${JSON.stringify(fromText)}, to ${JSON.stringify(toText)})`);
    const from = Number(fromText);
    const to = Number(toText);
    if (from >= to || to > text.length) return neutral(id, `offsets ${from}..${to} do not lie inside the text (length ${text.length})`);
    if (text.slice(from, to) !== target) return neutral(id, `text.slice(${from}, ${to}) is ${JSON.stringify(text.slice(from, to).slice(0, 80))}, not the target ${JSON.stringify(target.slice(0, 80))}`);
    let result: Pick<AspectResult, 'score' | 'label'>;
    try {
      result = analyze(text, from, to);
    } catch (error) {
      return neutral(id, `analysis failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    write(JSON.stringify({ id, score: result.score, label: result.label }) + '\n');
  };

  return {
    line(raw) {
      lineNumber++;
      const line = (raw.endsWith('\r') ? raw.slice(0, -1) : raw).replace(/^\uFEFF/, '');
      if (!header) {
        const names = line.split('\t').map((name) => name.trim().toLowerCase());
        header = new Map();
        if (names.includes('id')) {
          for (const name of COLUMNS) if (names.includes(name)) header.set(name, names.indexOf(name));
          const absent = COLUMNS.filter((name) => !header!.has(name));
          if (absent.length === 0) return;
          // Without the columns no row can be scored; each row still gets its (neutral) line.
          warn(`the header lacks ${absent.map((name) => JSON.stringify(name)).join(', ')}: expected id, text, target, from, to`);
          for (const name of absent) header.set(name, Number.MAX_SAFE_INTEGER);
          return;
        }
        warn(`the first line names no "id" column (got ${JSON.stringify(line.slice(0, 200))}): reading every line as id, text, target, from, to`);
        COLUMNS.forEach((name, index) => header!.set(name, index));
      }
      if (line.length > 0) score(line);
    },
    end() {
      if (!header) warn('no input: expected a header line naming id, text, target, from and to');
    },
  };
}
