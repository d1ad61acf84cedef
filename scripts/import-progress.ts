// What `npm run import` shows while it works: a bar of the file read so far, the rows' fate, the rate and the
// time left. Pure, so the rendering is tested on its own (test/api/import-progress.test.ts).
import type { ImportSummary } from '../server/services/imports/import';

export type Progress = { summary: ImportSummary; bytesRead: number; totalBytes: number; seconds: number };

const BAR_WIDTH = 24;

export function progressLine({ summary, bytesRead, totalBytes, seconds }: Progress): string {
  const fraction = totalBytes > 0 ? Math.min(1, bytesRead / totalBytes) : 1;
  const filled = Math.round(fraction * BAR_WIDTH);
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}]`;
  const rate = summary.rows / Math.max(seconds, 0.001);
  // The rows still to come, estimated from the bytes still to read at this file's bytes per row.
  const left = fraction > 0 && fraction < 1 ? seconds * ((1 - fraction) / fraction) : 0;
  const count = (n: number) => n.toLocaleString('en-US');
  return (
    `${bar} ${String(Math.floor(fraction * 100)).padStart(3)}%  ${count(summary.rows)} rows: ${count(summary.imported)} imported, ` +
    `${count(summary.alreadyImported)} already there, ${count(summary.failed)} failed  ${count(Math.round(rate))} rows/s` +
    (left > 0 ? `  ${duration(left)} left` : '')
  );
}

function duration(seconds: number): string {
  const s = Math.ceil(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${s % 60} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}
