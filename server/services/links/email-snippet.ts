import { escapeHtml, linkTexts } from './texts';

/**
 * A block of HTML for an email: the question and eleven numbered buttons.
 * Email clients ignore <style> and most CSS, so everything is inline and laid
 * out with a table; each cell is a plain link, so it works without images or scripts.
 */
export function emailSnippet(input: {
  question: string;
  locale: 'en' | 'ja';
  brandColor: string;
  links: { score: number; url: string }[];
}): string {
  const t = linkTexts[input.locale];
  const color = /^#[0-9a-f]{6}$/i.test(input.brandColor) ? input.brandColor : '#4f46e5';
  const cells = input.links
    .map(
      ({ score, url }) =>
        `<td style="padding:2px"><a href="${escapeHtml(url)}" style="display:block;width:34px;line-height:34px;text-align:center;` +
        `border:1px solid ${color};border-radius:6px;color:${color};font:bold 15px Arial,sans-serif;text-decoration:none">${score}</a></td>`,
    )
    .join('');
  return [
    `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;font-family:Arial,'Hiragino Sans',Meiryo,sans-serif">`,
    `<tr><td colspan="11" style="padding:0 2px 10px;font-size:16px;color:#1f2328">${escapeHtml(input.question)}</td></tr>`,
    `<tr>${cells}</tr>`,
    `<tr><td colspan="6" style="padding:6px 2px 0;font-size:12px;color:#59636e">${escapeHtml(t.low)}</td>`,
    `<td colspan="5" style="padding:6px 2px 0;font-size:12px;color:#59636e;text-align:right">${escapeHtml(t.high)}</td></tr>`,
    `</table>`,
  ].join('\n');
}
