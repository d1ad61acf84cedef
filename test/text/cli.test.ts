import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function runCli(input: string) {
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

  it('fails on stderr, not stdout, without a usable header', () => {
    const result = runCli('foo\tbar\n1\thello\n');
    expect(result.status).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('id');
  });
});
