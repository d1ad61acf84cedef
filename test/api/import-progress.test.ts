import { describe, expect, it } from 'vitest';
import { progressLine } from '../../scripts/import-progress';

const summary = (rows: number, imported = rows, alreadyImported = 0, failed = 0) => ({ rows, imported, alreadyImported, updated: 0, failed, failures: [] });

describe('the import progress bar', () => {
  it('fills with the share of the file read, counts rows with separators and estimates the time left', () => {
    const line = progressLine({ summary: summary(250_000, 240_000, 9_000, 1_000), bytesRead: 25, totalBytes: 100, seconds: 60 });
    expect(line).toBe(
      '[######..................]  25%  250,000 rows: 240,000 imported, 9,000 already there, 1,000 failed  4,167 rows/s  3 min 0 s left',
    );
  });

  it('is full and gives no estimate once the whole file is read, even an empty one', () => {
    expect(progressLine({ summary: summary(10), bytesRead: 100, totalBytes: 100, seconds: 2 })).toMatch(/^\[#{24}\] 100% .* 5 rows\/s$/);
    expect(progressLine({ summary: summary(0), bytesRead: 0, totalBytes: 0, seconds: 0 })).toMatch(/^\[#{24}\] 100% {2}0 rows/);
  });

  it('counts hours for a long import', () => {
    expect(progressLine({ summary: summary(1_000), bytesRead: 1, totalBytes: 1_000, seconds: 10 })).toMatch(/2 h 46 min left$/);
  });
});
