import { describe, expect, it } from 'vitest';
import { buildWidget, sizesOf } from '../../scripts/build-widget';

// The bundle's size is deterministic, so the budget is a test, not a benchmark.
const BUDGET_GZIP_BYTES = 10 * 1024;

describe('widget bundle', () => {
  it(`stays within ${BUDGET_GZIP_BYTES} bytes gzipped, Preact included`, async () => {
    const code = await buildWidget();
    const sizes = sizesOf(code);
    expect(sizes.gzip).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);
    expect(code).toContain('adoptedStyleSheets'); // the real widget, not an empty build
  });

  it('is one self-contained IIFE that defines nothing global but window.Kizuna', async () => {
    const code = await buildWidget();
    expect(code.startsWith('"use strict";(()=>{')).toBe(true);
    expect(code.trimEnd().endsWith('})();')).toBe(true);
    expect(code).not.toMatch(/\bimport\s*\(|\brequire\(/);
    // Silent on the host page, but for the one warning that names an answer the server refused (widget/outbox.ts).
    expect(code.match(/console\.\w+/g)).toEqual(['console.warn']);
  });
});
