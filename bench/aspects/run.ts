// Aspect benchmark: `npm run bench:aspects`. Sentiment about each target of
// ../shared/bench-data/ja/chabsa-aspects-dev.tsv and of the composed English set (en-aspects.ts),
// against the sentence-level baseline (every target gets its whole text's label), then speed.
// Prints a Markdown report to stdout; paste it into bench/RESULTS.md.
import '../../server/quiet-dotenv.js';
import { cpus, loadavg } from 'node:os';
import { analyzeAspect, analyzeSentiment, SENTIMENT_VERSION } from '../../server/text/index';
import { accuracy, macroF1, type Polarity } from '../sentiment/metrics';
import { englishAspectRows, readAspectFile, type AspectRow } from './data';

const f = (x: number) => x.toFixed(3);
const out: string[] = [];
const print = (line = '') => out.push(line);

function figures(name: string, rows: AspectRow[], predicted: Polarity[]) {
  const gold = rows.map((r) => r.label as Polarity);
  const mixed = rows.map((_, i) => i).filter((i) => rows[i]!.mixed);
  const mixedAccuracy = mixed.filter((i) => predicted[i] === gold[i]).length / (mixed.length || 1);
  print(`| ${name} | ${f(accuracy(predicted, gold))} | ${f(macroF1(predicted, gold))} | ${f(mixedAccuracy)} |`);
}

/** Targets per CPU-second (one core): median of 5 rounds of about one CPU-second each. */
function targetsPerSecond(rows: AspectRow[]): number {
  for (const r of rows) analyzeAspect(r.text, r.from, r.to);
  const rates: number[] = [];
  for (let round = 0; round < 5; round++) {
    let done = 0;
    const start = process.cpuUsage();
    let seconds = 0;
    while (seconds < 1) {
      for (const r of rows) analyzeAspect(r.text, r.from, r.to);
      done += rows.length;
      const used = process.cpuUsage(start);
      seconds = (used.user + used.system) / 1e6;
    }
    rates.push(done / seconds);
  }
  return rates.sort((a, b) => a - b)[2]!;
}

function set(title: string, rows: AspectRow[]) {
  const mixedCount = rows.filter((r) => r.mixed).length;
  const results = rows.map((r) => analyzeAspect(r.text, r.from, r.to));
  const sentenceLabels = new Map<string, Polarity>();
  for (const r of rows) if (!sentenceLabels.has(r.text)) sentenceLabels.set(r.text, analyzeSentiment(r.text).label);
  print(`${title}: ${rows.length} targets, ${mixedCount} in mixed texts (a target of the opposite polarity beside it)`);
  print();
  print('| analyzer | accuracy | macro-F1 | accuracy on mixed |');
  print('| --- | ---: | ---: | ---: |');
  figures('Kizuna aspect (`analyzeAspect`)', rows, results.map((r) => r.label));
  figures('sentence label for every target (`analyzeSentiment`)', rows, rows.map((r) => sentenceLabels.get(r.text)!));
  figures('always "positive"', rows, rows.map((): Polarity => 'positive'));
  const scopes = new Map<string, number>();
  for (const r of results) scopes.set(r.scope, (scopes.get(r.scope) ?? 0) + 1);
  print();
  print(`Where answers came from: ${[...scopes].map(([k, v]) => `${k} ${v}`).join(', ')}.`);
  print();
  const loadBefore = loadavg()[0]!;
  const rate = targetsPerSecond(rows);
  print(`Speed: ${Math.round(rate).toLocaleString('en-US')} targets per CPU-second on one core (${(1e6 / rate).toFixed(1)} µs per target, detection included; texts of ${Math.round(rows.reduce((a, r) => a + r.text.length, 0) / rows.length)} characters on average); 1-min load average ${loadBefore.toFixed(1)} → ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores.`);
  print();
}

print(`Analyzer ${SENTIMENT_VERSION} · node ${process.version} · ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}`);
print();
set('Japanese, `ja/chabsa-aspects-dev.tsv`', readAspectFile('ja/chabsa-aspects-dev.tsv'));
set('English, composed set `bench/aspects/en-aspects.ts`', englishAspectRows());
process.stdout.write(out.join('\n') + '\n');
