import { ApiError } from '../../errors';
import type { ProjectCtx } from '../context';
import { submitResponse } from '../responses/submit';
import { answerOf, type ImportedAnswer } from './answer';
import { analyseBatch, storeBatch, type AnalysedBatch, type BatchRow } from './batch';
import { mapRow, type ImportPreset } from './mapping';
import { readRows, type ImportFormat } from './rows';
import { importSurveyId } from './survey';

export type ImportOptions = {
  format: ImportFormat;
  preset: ImportPreset;
  /** The survey the answers belong to; the project's oldest published one when absent (./survey.ts). */
  surveyId?: string;
  /** False: follow-up rules are not run, so a backfill of old answers opens no cases. */
  followUpRules: boolean;
  /** Answers stored at once on the per-row path; each is its own statement or transaction. */
  concurrency?: number;
  /**
   * Rows stored together by one transaction of set-based statements (./batch.ts); 1 stores each row through
   * the live ingest path (submitResponse), as rows the batch leaves to that path always are.
   */
  batchSize?: number;
  /** Called every `progressEvery` rows read, and once at the end. */
  onProgress?: (summary: ImportSummary) => void;
  progressEvery?: number;
};

export type ImportFailure = { line: number; reason: string };

export type ImportSummary = {
  /** Rows read (header and blank lines not counted). */
  rows: number;
  imported: number;
  /** Rows whose answer was imported before, unchanged: a re-run adds nothing. */
  alreadyImported: number;
  /** Rows whose answer was imported before with another score or comment, now changed to this file's. */
  updated: number;
  failed: number;
  /** The first MAX_REPORTED_FAILURES failures, in file order; `failed` counts them all. */
  failures: ImportFailure[];
};

/** Enough to fix a file by; a file that is all bad does not grow the report without bound. */
export const MAX_REPORTED_FAILURES = 1000;

/** Rows per batch: a few statements per thousand rows, and well under a statement's 65,535 parameters. */
export const IMPORT_BATCH_SIZE = 1000;

/**
 * Imports the answers of a file, each under the idempotency key `import:<source id>`, so running the same
 * file again stores nothing new, with what POST /v1/responses stores for an answer (analysis, themes,
 * follow-up rules unless switched off, webhooks). Rows are stored in batches (./batch.ts) while the next
 * batch is read; the rows a batch does not decide (answers changed since an earlier import, a batch the
 * database refuses) go through the live ingest path row by row, at most `concurrency` at once. Good rows are kept whatever happens to bad ones. The file is
 * read as a stream and at most two batches are held, so memory does not grow with the file.
 */
export async function importAnswers(ctx: ProjectCtx, chunks: AsyncIterable<string | Uint8Array>, options: ImportOptions): Promise<ImportSummary> {
  const surveyId = await importSurveyId(ctx, options.surveyId);
  const summary: ImportSummary = { rows: 0, imported: 0, alreadyImported: 0, updated: 0, failed: 0, failures: [] };
  const fail = (line: number, reason: string) => {
    summary.failed++;
    if (summary.failures.length < MAX_REPORTED_FAILURES) summary.failures.push({ line, reason });
  };
  const concurrency = options.concurrency ?? 8;
  const progressEvery = options.progressEvery ?? 1000;
  const batchSize = Math.max(1, options.batchSize ?? IMPORT_BATCH_SIZE);
  const inFlight = new Set<Promise<void>>();

  const store = async (line: number, answer: ImportedAnswer) => {
    try {
      const { change } = await submitResponse(ctx, {
        surveyId,
        score: answer.score,
        comment: answer.comment,
        idempotencyKey: await keyOf(answer),
        person: answer.person ?? undefined,
        channel: 'import',
        locale: answer.locale ?? undefined,
        properties: answer.properties,
        personTrust: 'trusted', // only a secret key or the server's own operator imports
        answeredAt: answer.answeredAt ?? undefined,
        followUpRules: options.followUpRules,
      });
      if (change === 'created') summary.imported++;
      else if (change === 'updated') summary.updated++;
      else summary.alreadyImported++;
    } catch (err) {
      // A refused row is reported and the import goes on; a database that is gone stops it.
      if (!(err instanceof ApiError)) throw err;
      fail(line, err.message + detailText(err));
    }
  };

  const storeOneByOne = async (rows: BatchRow[]) => {
    const running = new Set<Promise<void>>();
    for (const row of rows) {
      const task = store(row.line, row.answer).finally(() => running.delete(task));
      running.add(task);
      if (running.size >= concurrency) await Promise.race(running);
    }
    await Promise.all(running);
  };
  const storeTogether = async (rows: BatchRow[], analysed: AnalysedBatch) => {
    const result = await storeBatch(ctx, surveyId, rows, options.followUpRules, analysed);
    summary.imported += result.created;
    summary.alreadyImported += result.unchanged;
    await storeOneByOne(result.perRow);
  };
  // One batch is written while the next is read, parsed and analysed (the database and this process work at
  // once); batches are written one after another, so two never race to create the same person.
  let pending: BatchRow[] = [];
  let writing: Promise<void> = Promise.resolve();
  const flush = async () => {
    const rows = pending;
    pending = [];
    const analysed = await analyseBatch(ctx, rows);
    await writing;
    writing = storeTogether(rows, analysed);
    writing.catch(() => {}); // awaited at the next flush or the end; a rejection then stops the import
  };

  for await (const row of readRows(options.format, chunks)) {
    summary.rows++;
    if ('error' in row) {
      fail(row.line, row.error);
    } else {
      const read = answerOf(mapRow(options.preset, row.fields));
      if ('error' in read) {
        fail(row.line, read.error);
      } else {
        if (batchSize > 1) {
          pending.push({ line: row.line, answer: read.answer, key: await keyOf(read.answer) });
          if (pending.length >= batchSize) await flush();
        } else {
          const task = store(row.line, read.answer).finally(() => inFlight.delete(task));
          inFlight.add(task);
          if (inFlight.size >= concurrency) await Promise.race(inFlight);
        }
      }
    }
    if (options.onProgress && summary.rows % progressEvery === 0) options.onProgress(summary);
  }
  if (pending.length > 0) await flush();
  await writing;
  await Promise.all(inFlight);
  summary.failures.sort((a, b) => a.line - b.line);
  options.onProgress?.(summary);
  return summary;
}

function detailText(err: ApiError): string {
  const details = Array.isArray(err.details) ? (err.details as { message?: unknown }[]) : [];
  const first = details[0]?.message;
  return typeof first === 'string' ? ` ${first}` : '';
}

/** The idempotency key of an imported answer: its source id, else its content. */
export async function keyOf(answer: ImportedAnswer): Promise<string> {
  return `import:${answer.sourceId ?? (await contentKey(answer))}`;
}

/** A row without a source id is named by its content, so the same row in a re-run is still the same answer. */
async function contentKey(answer: ImportedAnswer): Promise<string> {
  const content = JSON.stringify([answer.score, answer.comment, answer.answeredAt?.toISOString() ?? null, answer.person, answer.properties]);
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(content));
  return 'sha256:' + [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
