// Text clean-up shared by every analyzer: comments arrive from widgets, e-mails and imports,
// so they may carry HTML, entities, odd widths and stray control characters.

const TAG = /<\/?[a-zA-Z][^<>]*>/g;
// Markup whose inside is not the customer's words: comments and the code of script and style elements
// (pasted from rich-text editors and e-mail clients). Unclosed ones run to the end.
const HIDDEN = /<!--[\s\S]*?(?:-->|$)|<(script|style)\b[^>]*>[\s\S]*?(?:<\/\1\s*>|$)/gi;
const ENTITIES: ReadonlyMap<string, string> = new Map([['amp', '&'], ['lt', '<'], ['gt', '>'], ['quot', '"'], ['apos', "'"], ['nbsp', ' '], ['#39', "'"]]);
const ENTITY = /&(amp|lt|gt|quot|apos|nbsp|#39);/g;
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** Markup removed and widths unified (NFKC: ＡＢＣ→ABC, ｶﾀｶﾅ→カタカナ, ！→!), whitespace collapsed. */
export function normalizeText(text: string): string {
  if (typeof text !== 'string' || text.length === 0) return '';
  // Each step is skipped when it cannot apply: this runs on every comment at ingest.
  let clean = text;
  // Entities first: markup sent escaped (&lt;b&gt;) is markup all the same.
  if (clean.includes('&')) clean = clean.replace(ENTITY, (_, name: string) => ENTITIES.get(name) ?? ' ');
  if (clean.includes('<')) clean = clean.replace(HIDDEN, ' ').replace(TAG, ' ');
  clean = clean.replace(CONTROL, ' ').normalize('NFKC');
  if (/[\u2018\u2019\u02BC\u201C\u201D]/.test(clean)) clean = clean.replace(/[\u2018\u2019\u02BC]/g, "'").replace(/[\u201C\u201D]/g, '"');
  return clean.replace(/\s+/g, ' ').trim();
}

/** Longest input the analyzers read: sentiment of a comment is settled long before this. */
export const MAX_ANALYZED_CHARS = 5000;
