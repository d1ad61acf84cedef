import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchDataDir } from '../sentiment/data';
import { EN_ASPECT_COMMENTS, type Label } from './en-aspects';

export interface AspectRow { id: string; label: Label; target: string; from: number; to: number; text: string; mixed: boolean }

/** Rows of a chABSA-style aspect file (`id label target from to text`), with the mixed flag computed. */
export function readAspectFile(relativePath: string): AspectRow[] {
  const lines = readFileSync(join(benchDataDir, relativePath), 'utf8').split('\n').filter((l) => l.length > 0).slice(1);
  const rows = lines.map((line) => {
    const [id = '', label = 'neutral', target = '', from = '0', to = '0', text = ''] = line.split('\t');
    return { id, label: label as Label, target, from: Number(from), to: Number(to), text, mixed: false };
  });
  return markMixed(rows);
}

/** The composed English set, as rows with offsets. */
export function englishAspectRows(): AspectRow[] {
  const rows: AspectRow[] = [];
  EN_ASPECT_COMMENTS.forEach((comment, c) => {
    comment.targets.forEach(([target, label, at = 0], t) => {
      let from = -1;
      for (let k = 0; k <= at; k++) from = comment.text.indexOf(target, from + 1);
      if (from < 0) throw new Error(`target ${JSON.stringify(target)} not in comment ${c}`);
      rows.push({ id: `en-${c}-${t}`, label, target, from, to: from + target.length, text: comment.text, mixed: false });
    });
  });
  return markMixed(rows);
}

/** A row is "mixed" when its text also holds a target of the opposite polarity. */
function markMixed(rows: AspectRow[]): AspectRow[] {
  const labels = new Map<string, Set<Label>>();
  for (const row of rows) {
    const set = labels.get(row.text) ?? new Set<Label>();
    set.add(row.label);
    labels.set(row.text, set);
  }
  for (const row of rows) {
    const set = labels.get(row.text)!;
    row.mixed = set.has('positive') && set.has('negative');
  }
  return rows;
}
