import { parse } from 'csv-parse';
import { Readable } from 'node:stream';

/**
 * One row of an import file as read, before any mapping: its fields by column name, or why it could not be
 * read. `line` is the file's line the row starts on (1 is a CSV file's header), so a report points at it.
 */
export type SourceRow = { line: number; fields: Map<string, unknown> } | { line: number; error: string };

export type ImportFormat = 'csv' | 'ndjson';

/** Chunks of text (or bytes) in, rows out, one at a time: nothing holds more than a parser's buffer. */
export function readRows(format: ImportFormat, chunks: AsyncIterable<string | Uint8Array>): AsyncIterable<SourceRow> {
  return format === 'csv' ? csvRows(chunks) : jsonLines(chunks);
}

/**
 * CSV by csv-parse (quoting, embedded newlines, a BOM). The first record names the columns. A record that
 * breaks the CSV rules is reported with its line and parsing goes on after it.
 */
async function* csvRows(chunks: AsyncIterable<string | Uint8Array>): AsyncIterable<SourceRow> {
  const skipped: SourceRow[] = [];
  const parser = Readable.from(chunks).pipe(
    parse({ bom: true, relax_column_count: true, skip_empty_lines: true, skip_records_with_error: true, info: true }),
  );
  // csv-parse counts the line a record ends on, but counts a CRLF inside a quoted field as two lines (6.2):
  // `drift` is that over-count so far, and the newlines inside a record's fields take us back to its start.
  let drift = 0;
  parser.on('skip', (err: Error & { lines?: number }) =>
    skipped.push({ line: (err.lines ?? 0) - drift, error: `Not valid CSV: ${err.message.replace(/ at line \d+/, '')}` }),
  );
  let header: string[] | null = null;
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    yield* skipped.splice(0);
    drift += record.reduce((sum, field) => sum + count(field, '\r\n'), 0);
    const line = info.lines - drift - record.reduce((sum, field) => sum + count(field, '\n'), 0);
    if (!header) {
      header = record.map((name) => name.trim());
      continue;
    }
    if (record.length !== header.length) {
      yield { line, error: `${record.length} fields where the header names ${header.length}.` };
      continue;
    }
    yield { line, fields: new Map(header.map((name, i) => [name, record[i]])) };
  }
  yield* skipped.splice(0);
}

function count(text: string, what: string): number {
  let n = 0;
  for (let i = text.indexOf(what); i !== -1; i = text.indexOf(what, i + what.length)) n++;
  return n;
}

/** Longer lines are refused unread: JSON lines have no quoting to recover from, so a line is a row. */
export const MAX_LINE_LENGTH = 1_000_000;

/** JSON lines: one object per line; blank lines are passed over. */
async function* jsonLines(chunks: AsyncIterable<string | Uint8Array>): AsyncIterable<SourceRow> {
  const decoder = new TextDecoder();
  let pending = '';
  let line = 0;
  let overlong = false;
  const rowOf = (text: string): SourceRow | null => {
    line++;
    if (text.trim() === '') return null;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return { line, error: 'Not valid JSON.' };
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { line, error: 'Not a JSON object.' };
    return { line, fields: new Map(Object.entries(value)) };
  };
  for await (const chunk of chunks) {
    pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = pending.indexOf('\n')) !== -1) {
      const text = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      if (overlong) {
        overlong = false;
        line++;
        yield { line, error: `A line longer than ${MAX_LINE_LENGTH} characters.` };
        continue;
      }
      const row = rowOf(text);
      if (row) yield row;
    }
    if (pending.length > MAX_LINE_LENGTH) {
      overlong = true;
      pending = '';
    }
  }
  pending += decoder.decode();
  if (overlong) {
    yield { line: line + 1, error: `A line longer than ${MAX_LINE_LENGTH} characters.` };
  } else {
    const row = rowOf(pending);
    if (row) yield row;
  }
}
