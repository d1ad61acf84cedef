// The line-by-line part of the sentiment CLI (scripts/sentiment.ts), apart from stdin and stdout so that a
// test can hand it an analyzer that throws.
import type { SentimentResult } from '../server/text/index';

export type Analyze = (text: string) => SentimentResult;

export interface TsvScorer {
  /** One input line, without its line break. */
  line(raw: string): void;
  /** After the last line. */
  end(): void;
}

const NEUTRAL = { lang: 'und', score: 0, label: 'neutral' } as const;

/**
 * Scores TSV lines as they come and writes one JSON line per data row. Nothing in the input stops it: a
 * row whose analysis throws is written as neutral and reported on `warn`, and a first line that names no
 * `id` column is read as data (id, then text), reported once, so every id still gets its line.
 */
export function createTsvScorer(analyze: Analyze, write: (jsonLine: string) => void, warn: (message: string) => void): TsvScorer {
  let header: { id: number; text: number; lastColumn: number } | undefined;
  let lineNumber = 0;

  const score = (raw: string) => {
    const fields = raw.split('\t');
    const id = fields[header!.id] ?? '';
    // A tab inside the last column (against the contract) stays part of the text.
    const text = header!.text === header!.lastColumn ? fields.slice(header!.text).join('\t') : (fields[header!.text] ?? '');
    let result: Pick<SentimentResult, 'lang' | 'score' | 'label'>;
    try {
      const { lang, score, label } = analyze(text);
      result = { lang, score, label };
    } catch (error) {
      warn(`line ${lineNumber} (id ${JSON.stringify(id)}): analysis failed, scored neutral: ${error instanceof Error ? error.message : String(error)}`);
      result = NEUTRAL;
    }
    write(JSON.stringify({ id, lang: result.lang, score: result.score, label: result.label }) + '\n');
  };

  return {
    line(raw) {
      lineNumber++;
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (!header) {
        const names = line.replace(/^\uFEFF/, '').split('\t').map((name) => name.trim().toLowerCase());
        const id = names.indexOf('id');
        if (id >= 0) {
          const text = names.indexOf('text');
          header = { id, text: text >= 0 ? text : id === 1 ? 0 : 1, lastColumn: names.length - 1 };
          return;
        }
        warn(`the first line names no "id" column (got ${JSON.stringify(line.slice(0, 200))}): reading every line as id<TAB>text`);
        header = { id: 0, text: 1, lastColumn: 1 };
      }
      if (line.length > 0) score(line.replace(/^\uFEFF/, ''));
    },
    end() {
      if (!header) warn('no input: expected a header line naming an "id" and a "text" column');
    },
  };
}
