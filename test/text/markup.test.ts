// Comments arrive from rich-text widgets and e-mails: the analysis reads the customer's words, not the markup
// around them (the comment itself is stored as sent).
import { describe, expect, it } from 'vitest';
import { analyzeAspect, analyzeSentiment, normalizeText } from '../../server/text/index';

const plain = ['The checkout is slow and the support was awful.', 'Great app, I love the new dashboard!', 'Billing is a mess, never again.'];

describe('markup does not move sentiment', () => {
  it('inline and block tags around words leave the score as the plain text has it', () => {
    for (const text of plain) {
      const words = text.split(' ');
      const bold = words.map((w, i) => (i % 2 ? `<b>${w}</b>` : w)).join(' ');
      const blocks = `<div class="comment"><p>${words.map((w) => `<span style="color:green">${w}</span>`).join(' ')}</p></div>`;
      for (const marked of [bold, blocks]) expect(analyzeSentiment(marked)).toEqual(analyzeSentiment(text));
    }
  });

  it('ignores what HTML comments and script or style elements hold', () => {
    const text = 'Support never answered, awful service.';
    for (const marked of [
      `<!-- great, amazing, love it --> ${text}`,
      `${text}<!-- excellent`,
      `<script>const great = "excellent, wonderful";</script>${text}`,
      `<style>.perfect { color: green }</style><STYLE type="text/css">.best{}</STYLE>${text}`,
    ]) {
      expect(normalizeText(marked)).toBe(text);
      expect(analyzeSentiment(marked)).toEqual(analyzeSentiment(text));
    }
  });

  it('reads markup sent escaped (&lt;b&gt;) as markup', () => {
    const text = 'Terrible service, I want a refund.';
    expect(normalizeText('&lt;b&gt;Terrible&lt;/b&gt; service, I want a refund.')).toBe(text);
    expect(normalizeText('&lt;!-- lovely --&gt;Terrible service, I want a refund.')).toBe(text);
    // "<3" is a heart, not a tag.
    expect(analyzeSentiment('I &lt;3 this app').label).toBe('positive');
  });

  it('keeps aspect offsets of the text as sent when markup precedes the target', () => {
    const text = '<!-- great --><p>The app is lovely</p> but <b>billing</b> is awful.';
    const at = text.indexOf('billing');
    expect(analyzeAspect(text, at, at + 'billing'.length).label).toBe('negative');
    const app = text.indexOf('app');
    expect(analyzeAspect(text, app, app + 3).label).toBe('positive');
  });
});
