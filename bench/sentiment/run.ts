// Sentiment benchmark: `npm run bench:sentiment`. Measures Kizuna's analyzer and plain natural
// (afinn) on the labelled sets in ../shared/bench-data (protocol in its README), then speed.
// Prints a Markdown report to stdout; paste it into bench/RESULTS.md.
import '../../server/quiet-dotenv.js';
import { cpus, loadavg } from 'node:os';
import { analyzeSentiment, SENTIMENT_VERSION } from '../../server/text/index';
import { benchDataDir, readEnglish, readJapanese, type JapaneseRow } from './data';
import { accuracy, classOf, macroF1, pearson, polarScores, type Polarity } from './metrics';
import { naturalAfinnScore } from './natural-baseline';

const f = (x: number) => x.toFixed(3);
const out: string[] = [];
const print = (line = '') => out.push(line);

function englishFile(file: string) {
  const rows = readEnglish(file);
  const gold = rows.map((r) => classOf(r.gold));
  const goldValues = rows.map((r) => r.gold);
  const results = rows.map((r) => analyzeSentiment(r.text));
  const ours = results.map((r) => r.score);
  const theirs = rows.map((r) => naturalAfinnScore(r.text));
  const detectedEnglish = results.filter((r) => r.lang === 'en').length / rows.length;
  const line = (name: string, scores: number[]) => {
    const s = polarScores(scores.map(classOf), gold);
    print(`| ${file} | ${name} | ${f(s.precision)} | ${f(s.recall)} | ${f(s.f1)} | ${f(pearson(scores, goldValues))} |`);
  };
  line('Kizuna', ours);
  line('natural afinn', theirs);
  return detectedEnglish;
}

function japaneseFile(file: string) {
  const rows: JapaneseRow[] = readJapanese(file);
  const gold = rows.map((r) => r.label as Polarity);
  const results = rows.map((r) => analyzeSentiment(r.text));
  const predicted = results.map((r) => r.label as Polarity);
  const majority = rows.map((): Polarity => 'positive');
  const line = (name: string, labels: Polarity[]) => {
    const s = polarScores(labels, gold);
    print(`| ${file} | ${name} | ${f(accuracy(labels, gold))} | ${f(macroF1(labels, gold))} | ${f(s.precision)} | ${f(s.recall)} | ${f(s.f1)} |`);
  };
  line('Kizuna', predicted);
  line('always "positive"', majority);
  const counts = { positive: 0, negative: 0, neutral: 0 };
  for (const p of predicted) counts[p]++;
  return { detectedJapanese: results.filter((r) => r.lang === 'ja').length / rows.length, counts };
}

/** ~200-character comments made by joining benchmark sentences of one language. */
function comments(texts: string[], separator: string): string[] {
  const made: string[] = [];
  let current = '';
  for (const text of texts) {
    current = current ? current + separator + text.trim() : text.trim();
    if (current.length >= 200) {
      made.push(current.slice(0, 200));
      current = '';
    }
  }
  return made;
}

/**
 * Comments per second of CPU time on one core (process.cpuUsage), so that other work on a shared
 * machine does not count against us, plus the wall-clock rate for comparison. Seven rounds of
 * about one CPU-second each; the median is reported.
 */
function commentsPerSecond(sample: string[]): { cpu: number; wall: number } {
  for (const text of sample) analyzeSentiment(text); // warm-up: lazy indexes, JIT, stem memo
  const cpuRates: number[] = [];
  const wallRates: number[] = [];
  for (let round = 0; round < 7; round++) {
    let done = 0;
    const cpuStart = process.cpuUsage();
    const wallStart = performance.now();
    let cpuSeconds = 0;
    while (cpuSeconds < 1) {
      for (const text of sample) analyzeSentiment(text);
      done += sample.length;
      const used = process.cpuUsage(cpuStart);
      cpuSeconds = (used.user + used.system) / 1e6;
    }
    cpuRates.push(done / cpuSeconds);
    wallRates.push(done / ((performance.now() - wallStart) / 1000));
  }
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return { cpu: median(cpuRates), wall: median(wallRates) };
}

const perSecond = (n: number) => Math.round(n).toLocaleString('en-US');

print(`Data: ${benchDataDir} · analyzer ${SENTIMENT_VERSION} · node ${process.version} · ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}`);
print();
print('English (polar micro-P/R/F1 at ±0.05, Pearson r against the mean human rating)');
print();
print('| file | analyzer | precision | recall | F1 | r |');
print('| --- | --- | ---: | ---: | ---: | ---: |');
const amazonEnglish = englishFile('en/amazon.tsv');
const movieEnglish = englishFile('en/movie.tsv');
print();
print(`Language detected as "en": amazon ${f(amazonEnglish)}, movie ${f(movieEnglish)} (other answers score 0).`);
print();
print('Japanese (natural has no Japanese lexicon: the baseline is the majority class)');
print();
print('| file | analyzer | accuracy | macro-F1 | polar P | polar R | polar F1 |');
print('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
const reviews = japaneseFile('ja/reviews-dev.tsv');
const chabsa = japaneseFile('ja/chabsa-dev.tsv');
print();
print(`Language detected as "ja": reviews ${f(reviews.detectedJapanese)}, chabsa ${f(chabsa.detectedJapanese)}. Predicted labels: reviews ${JSON.stringify(reviews.counts)}, chabsa ${JSON.stringify(chabsa.counts)}.`);
print();
const english = comments([...readEnglish('en/amazon.tsv'), ...readEnglish('en/movie.tsv')].map((r) => r.text), ' ');
const japanese = comments([...readJapanese('ja/reviews-dev.tsv'), ...readJapanese('ja/chabsa-dev.tsv')].map((r) => r.text), '');
const loadBefore = loadavg()[0]!;
const englishSpeed = commentsPerSecond(english);
const japaneseSpeed = commentsPerSecond(japanese);
print(`Speed: analyzeSentiment (detection + scoring), one thread, 200-character comments; 1-min load average ${loadBefore.toFixed(1)} → ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`);
print();
print('| language | distinct comments | comments per CPU-second (one core) | comments per wall-clock second |');
print('| --- | ---: | ---: | ---: |');
print(`| en | ${english.length} | ${perSecond(englishSpeed.cpu)} | ${perSecond(englishSpeed.wall)} |`);
print(`| ja | ${japanese.length} | ${perSecond(japaneseSpeed.cpu)} | ${perSecond(japaneseSpeed.wall)} |`);
process.stdout.write(out.join('\n') + '\n');
