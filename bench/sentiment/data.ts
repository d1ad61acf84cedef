import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// The labelled sets live beside the repository (../shared/bench-data); BENCH_DATA_DIR overrides.
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const benchDataDir = process.env.BENCH_DATA_DIR ?? resolve(repoRoot, '../shared/bench-data');

export interface EnglishRow { id: string; gold: number; text: string }
export interface JapaneseRow { id: string; label: 'positive' | 'negative' | 'neutral'; text: string }

function rows(relativePath: string): string[][] {
  const content = readFileSync(join(benchDataDir, relativePath), 'utf8');
  const lines = content.split('\n').filter((line) => line.length > 0);
  return lines.slice(1).map((line) => line.split('\t'));
}

export function readEnglish(relativePath: string): EnglishRow[] {
  return rows(relativePath).map(([id = '', gold = '0', text = '']) => ({ id, gold: Number(gold), text }));
}

export function readJapanese(relativePath: string): JapaneseRow[] {
  return rows(relativePath).map(([id = '', label = 'neutral', text = '']) => ({ id, label: label as JapaneseRow['label'], text }));
}
