import type { Survey } from '../surveys/manage';
import { categorize } from '../../analytics/nps';
import { escapeHtml, expiredLinkText, invalidLinkText, linkTexts } from './texts';

// The hosted pages behind email links: server-rendered, no JavaScript, one
// small inline stylesheet allowed by a per-response CSP nonce.

type Locale = 'en' | 'ja';

function layout(opts: { lang: string; title: string; nonce: string; brand: string; body: string }): string {
  return `<!doctype html>
<html lang="${opts.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(opts.title)}</title>
<style nonce="${opts.nonce}">
:root{--brand:${opts.brand};color-scheme:light dark}
body{margin:0;background:#f6f8fa;color:#1f2328;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Hiragino Sans","Noto Sans CJK JP",Meiryo,sans-serif}
main{box-sizing:border-box;max-width:560px;margin:48px auto;padding:28px 24px;background:#fff;border:1px solid #d1d9e0;border-radius:12px}
h1{font-size:20px;margin:0 0 12px}
p{margin:0 0 16px}
label{display:block;font-weight:600;margin:0 0 8px}
textarea{box-sizing:border-box;width:100%;min-height:120px;padding:10px;border:1px solid #d1d9e0;border-radius:8px;font:inherit}
textarea:focus{outline:2px solid var(--brand);border-color:var(--brand)}
button{margin-top:12px;padding:9px 22px;border:0;border-radius:8px;background:var(--brand);color:#fff;font:inherit;font-weight:600;cursor:pointer}
button:focus-visible,a:focus-visible{outline:3px solid var(--brand);outline-offset:2px}
.scale{display:flex;gap:4px;margin:8px 0 24px;padding:0;list-style:none}
.scale li{flex:1}
.scale a{display:block;text-align:center;padding:6px 0;border:1px solid #d1d9e0;border-radius:6px;color:inherit;text-decoration:none;font-weight:600}
.scale a[aria-current]{background:var(--brand);border-color:var(--brand);color:#fff}
.muted{color:#59636e;font-size:14px}
.again{margin-top:28px}
@media (prefers-color-scheme:dark){body{background:#0d1117;color:#e6edf3}main{background:#1d2127;border-color:#3d444d}textarea{background:#262c34;color:inherit;border-color:#3d444d}.scale a{border-color:#3d444d}.muted{color:#9198a1}}
@media (max-width:600px){main{margin:0;border:0;border-radius:0;min-height:100vh}}
</style>
</head>
<body>
<main>
${opts.body}
</main>
</body>
</html>`;
}

const brandOf = (survey: Survey) => (/^#[0-9a-f]{6}$/i.test(survey.appearance.brandColor) ? survey.appearance.brandColor : '#4f46e5');

export function commentPage(opts: {
  survey: Survey;
  locale: Locale;
  score: number;
  nonce: string;
  formAction: string;
  scoreLinks: { score: number; url: string }[];
}): string {
  const t = linkTexts[opts.locale];
  const f = opts.survey.followUpQuestion;
  const followUp =
    f[categorize(opts.score)]?.[opts.locale] || f[opts.locale] || f[opts.survey.defaultLocale] || '';
  const scale = opts.scoreLinks
    .map(
      ({ score, url }) =>
        `<li><a href="${escapeHtml(url)}"${score === opts.score ? ' aria-current="true"' : ''}>${score}</a></li>`,
    )
    .join('');
  const body = `<h1>${escapeHtml(t.recorded(opts.score))}</h1>
<form method="post" action="${escapeHtml(opts.formAction)}">
<label for="comment">${escapeHtml(followUp)}</label>
<textarea id="comment" name="comment" maxlength="10000" placeholder="${escapeHtml(t.placeholder)}"></textarea>
<button type="submit">${escapeHtml(t.send)}</button>
</form>
<p class="muted again">${escapeHtml(t.change)}</p>
<ul class="scale">${scale}</ul>`;
  return layout({ lang: opts.locale, title: t.pageTitle, nonce: opts.nonce, brand: brandOf(opts.survey), body });
}

export function thanksPage(opts: { survey: Survey; locale: Locale; nonce: string }): string {
  const t = linkTexts[opts.locale];
  const body = `<h1>${escapeHtml(t.thanks)}</h1>\n<p class="muted">${escapeHtml(t.thanksDetail)}</p>`;
  return layout({ lang: opts.locale, title: t.pageTitle, nonce: opts.nonce, brand: brandOf(opts.survey), body });
}

/** Bilingual: a broken link tells us nothing about the reader's language. */
export function invalidLinkPage(nonce: string): string {
  const body = `<h1>${escapeHtml(invalidLinkText.title)}</h1>
<p lang="en">${escapeHtml(invalidLinkText.en)}</p>
<p lang="ja">${escapeHtml(invalidLinkText.ja)}</p>`;
  return layout({ lang: 'en', title: invalidLinkText.title, nonce, brand: '#4f46e5', body });
}

/** Bilingual for the same reason: the link is signed but its time is up, and nothing was recorded. */
export function expiredLinkPage(nonce: string): string {
  const body = `<h1>${escapeHtml(expiredLinkText.title)}</h1>
<p lang="en">${escapeHtml(expiredLinkText.en)}</p>
<p lang="ja">${escapeHtml(expiredLinkText.ja)}</p>`;
  return layout({ lang: 'en', title: expiredLinkText.title, nonce, brand: '#4f46e5', body });
}
