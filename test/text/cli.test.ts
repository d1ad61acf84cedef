import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createTsvScorer } from '../../scripts/sentiment-tsv.js';
import { analyzeSentiment } from '../../server/text/index.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function runCli(input: string | Buffer) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/sentiment.ts'], {
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
