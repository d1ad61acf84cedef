import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createAspectScorer } from '../../scripts/sentiment-aspects-tsv';
import { createTsvScorer } from '../../scripts/sentiment-tsv';
import { analyzeAspect, analyzeSentiment } from '../../server/text/index';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function runCli(input: string | Buffer, args: string[] = []) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/sentiment.ts', ...args], {
    cwd: repoRoot,
    input,
    encoding: 'utf8',
    env: { ...process.env, DOTENV_CONFIG_QUIET: undefined },
    timeout: 60_000,
  });
}

describe('sentiment CLI', () => {
  it('prints exactly one JSON line per row and nothing else', () => {
    const input = 'id\ttext\na1\tThe new export is great, thanks!\na2\t使いにくいです\na3\t\na4\t"quoted" <b>html</b>\n';
    const result = runCli(input);
    expect(result.status).toBe(0);
    const lines = result.stdout.split('\n').filter((line) => line.length > 0);
    expect(result.stdout.endsWith('\n')).toBe(true);
    expect(lines).toHaveLength(4);
    const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const row of parsed) expect(Object.keys(row)).toEqual(['id', 'lang', 'score', 'label']);
    expect(parsed[0]).toMatchObject({ id: 'a1', lang: 'en', label: 'positive' });
    expect(parsed[1]).toMatchObject({ id: 'a2', lang: 'ja', label: 'negative' });
    expect(parsed[2]).toEqual({ id: 'a3', lang: 'und', score: 0, label: 'neutral' });
    expect(parsed[3]?.id).toBe('a4');
  });

  it('finds the columns by header name, ignoring extra ones, and accepts CRLF', () => {
    const result = runCli('id\tgold\ttext\r\n7\t-2\tTerrible support, never again.\r\n');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout.trim())).toMatchObject({ id: '7', lang: 'en', label: 'negative' });
  });

  it('reads input without an "id" header as id<TAB>text lines, saying so on stderr', () => {
    const result = runCli('foo\tbar\n1\tgreat, thanks!\n');
    expect(result.status).toBe(0);
    expect(lines(result.stdout).map((row) => row.id)).toEqual(['foo', '1']);
    expect(lines(result.stdout)[1]).toMatchObject({ lang: 'en', label: 'positive' });
    expect(result.stderr).toContain('"id"');
  });

  it('scores a comment with "constructor" and every other prototype member name, and goes on', () => {
    const names = Object.getOwnPropertyNames(Object.prototype);
    const input = ['id\ttext', 'c1\tThe constructor was great', ...names.map((name, i) => `p${i}\tThe ${name} is terrible`), 'last\tLove it'].join('\n');
    const result = runCli(input + '\n');
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    const rows = lines(result.stdout);
    expect(rows.map((row) => row.id)).toEqual(['c1', ...names.map((_, i) => `p${i}`), 'last']);
    expect(rows[0]).toMatchObject({ lang: 'en', label: 'positive' });
    for (const row of rows.slice(1, -1)) expect(row).toMatchObject({ lang: 'en', label: 'negative' });
    expect(rows.at(-1)).toMatchObject({ label: 'positive' });
  });

  it('keeps NUL, lone surrogates, lone CR and tabs inside a row: one line per id', () => {
    const input = 'id\ttext\nn1\tbad\u0000service\nn2\tok \udfff\ud800 great\nn3\tfirst\rsecond\nn4\ttab\tinside the text\n\u0000\t\u0000\n';
    const result = runCli(input);
    expect(result.status).toBe(0);
    const rows = lines(result.stdout);
    // The pipe carries UTF-8, in which a lone surrogate can only arrive as U+FFFD.
    expect(rows.map((row) => row.id)).toEqual(['n1', 'n2', 'n3', 'n4', '\u0000']);
    for (const row of rows) expect(Number.isFinite(row.score) && Math.abs(row.score as number) <= 1).toBe(true);
  });

  it('exits 0 on empty input, a header alone, blank lines, short rows and invalid UTF-8', () => {
    const empty = runCli('');
    expect(empty.status).toBe(0);
    expect(empty.stdout).toBe('');
    expect(empty.stderr).toContain('header');

    const headerOnly = runCli('\uFEFFid\ttext');
    expect(headerOnly).toMatchObject({ status: 0, stdout: '', stderr: '' });

    const shapes = runCli(Buffer.concat([
      Buffer.from('id\ttext\textra\n\n\nonly-id\nempty\t\n\t\tno id\nbytes\t'),
      Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]),
      Buffer.from(' great\nno-newline-at-end\tawful'),
    ]));
    expect(shapes.status).toBe(0);
    expect(shapes.stderr).toBe('');
    const rows = lines(shapes.stdout);
    expect(rows.map((row) => row.id)).toEqual(['only-id', 'empty', '', 'bytes', 'no-newline-at-end']);
    expect(rows[0]).toEqual({ id: 'only-id', lang: 'und', score: 0, label: 'neutral' });
    expect(rows[4]).toMatchObject({ lang: 'en', label: 'negative' });
  });
});

function lines(stdout: string): Record<string, unknown>[] {
  expect(stdout === '' || stdout.endsWith('\n')).toBe(true);
  return stdout.split('\n').filter((line) => line.length > 0).map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('sentiment CLI rows (createTsvScorer)', () => {
  it('a row whose analysis throws is scored neutral, reported, and the next rows are scored', () => {
    const out: string[] = [];
    const warnings: string[] = [];
    const analyze = (text: string) => {
      if (text.includes('boom')) throw new TypeError('irregular.map is not a function');
      return analyzeSentiment(text);
    };
    const scorer = createTsvScorer(analyze, (line) => out.push(line), (message) => warnings.push(message));
    for (const line of ['id\tgold\ttext', 'a\t1\tGreat app', 'b\t0\tboom goes the parser', 'c\t-1\tTerrible app']) scorer.line(line);
    scorer.end();
    expect(out.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({ id: 'a', lang: 'en', label: 'positive' }),
      { id: 'b', lang: 'und', score: 0, label: 'neutral' },
      expect.objectContaining({ id: 'c', lang: 'en', label: 'negative' }),
    ]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('line 3');
    expect(warnings[0]).toContain('"b"');
    expect(warnings[0]).toContain('irregular.map is not a function');
  });
});

/** A TSV row of the aspect contract, with offsets computed from the target. */
function aspectRow(id: string, text: string, target: string): string {
  const from = text.indexOf(target);
  return [id, text, target, from, from + target.length].join('\t');
}

describe('sentiment CLI --aspects', () => {
  it('scores each target of a mixed comment on its own, in English and Japanese', () => {
    const en = 'The app is great but billing is a nightmare and support never answers.';
    const ja = '料理は美味しかったですが、接客は最悪でした。';
    const input = ['id\ttext\ttarget\tfrom\tto', aspectRow('e1', en, 'app'), aspectRow('e2', en, 'support'), aspectRow('j1', ja, '料理'), aspectRow('j2', ja, '接客')].join('\n') + '\n';
    const result = runCli(input, ['--aspects']);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    const rows = lines(result.stdout);
    for (const row of rows) expect(Object.keys(row)).toEqual(['id', 'score', 'label']);
    expect(rows.map((row) => [row.id, row.label])).toEqual([['e1', 'positive'], ['e2', 'negative'], ['j1', 'positive'], ['j2', 'negative']]);
  });

  it('finds the columns by name in any order', () => {
    const text = 'Great camera, weak battery.';
    const result = runCli(`to\tfrom\ttarget\tid\ttext\n26\t19\tbattery\tx\t${text}\n`, ['--aspects']);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    expect(lines(result.stdout)).toEqual([{ id: 'x', score: expect.any(Number), label: 'negative' }]);
  });

  it('reports a bad row on stderr, scores it neutral and goes on; exit 0', () => {
    const good = 'Fast shipping, rude driver.';
    const input = [
      'id\ttext\ttarget\tfrom\tto',
      `slice\t${good}\tshipping\t0\t4`,
      `range\t${good}\tdriver\t20\t99`,
      `reversed\t${good}\tdriver\t26\t20`,
      `words\t${good}\tdriver\tten\ttwenty`,
      `negative\t${good}\tdriver\t-1\t5`,
      `short\t${good}\tdriver`,
      'constructor\t\t\t0\t0',
      aspectRow('ok', good, 'driver'),
    ].join('\n') + '\n';
    const result = runCli(input, ['--aspects']);
    expect(result.status).toBe(0);
    const rows = lines(result.stdout);
    expect(rows.map((row) => row.id)).toEqual(['slice', 'range', 'reversed', 'words', 'negative', 'short', 'constructor', 'ok']);
    for (const row of rows.slice(0, -1)) expect(row).toEqual({ id: row.id, score: 0, label: 'neutral' });
    expect(rows.at(-1)).toMatchObject({ id: 'ok', label: 'negative' });
    const warnings = result.stderr.trim().split('\n');
    expect(warnings).toHaveLength(7);
    expect(warnings[0]).toContain('"slice"');
    expect(warnings[0]).toContain('not the target');
    expect(warnings[5]).toContain('missing columns from, to');
  });

  it('a header without the aspect columns is reported once; every row still gets its neutral line', () => {
    const result = runCli('id\ttext\na\tGreat app\nb\tTerrible app\n', ['--aspects']);
    expect(result.status).toBe(0);
    expect(lines(result.stdout)).toEqual([{ id: 'a', score: 0, label: 'neutral' }, { id: 'b', score: 0, label: 'neutral' }]);
    expect(result.stderr).toContain('"target", "from", "to"');
  });

  it('exits 0 on empty input, saying what it expected', () => {
    const result = runCli('', ['--aspects']);
    expect(result).toMatchObject({ status: 0, stdout: '' });
    expect(result.stderr).toContain('header');
  });
});

describe('sentiment CLI aspect rows (createAspectScorer)', () => {
  it('a row whose analysis throws is scored neutral and reported, and the next rows are scored', () => {
    const out: string[] = [];
    const warnings: string[] = [];
    const analyze = (text: string, from: number, to: number) => {
      if (text.includes('boom')) throw new RangeError('offset trouble');
      return analyzeAspect(text, from, to);
    };
    const scorer = createAspectScorer(analyze, (line) => out.push(line), (message) => warnings.push(message));
    for (const line of ['id\ttext\ttarget\tfrom\tto', 'a\tboom app\tapp\t5\t8', 'b\tGreat app\tapp\t6\t9']) scorer.line(line);
    scorer.end();
    expect(out.map((line) => JSON.parse(line))).toEqual([
      { id: 'a', score: 0, label: 'neutral' },
      expect.objectContaining({ id: 'b', label: 'positive' }),
    ]);
    expect(warnings).toEqual([expect.stringContaining('offset trouble')]);
  });
});
