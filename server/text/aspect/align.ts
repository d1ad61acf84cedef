// The aspect analyzer reads offsets into the text as sent, so its clean-up must keep every
// character where it was: the same steps as normalizeText (markup out, NFKC widths, curly quotes,
// control characters) but each one length-preserving. Characters whose NFKC form has another
// length (ligatures, ㍿, composed sequences) are kept as written; the scorers normalize each span again.

const TAG = /<\/?[a-zA-Z][^<>]*>/g;
const HIDDEN = /<!--[\s\S]*?(?:-->|$)|<(script|style)\b[^>]*>[\s\S]*?(?:<\/\1\s*>|$)/gi;
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** `text` with markup blanked and widths unified, character for character (same UTF-16 length). */
export function alignedText(text: string): string {
  let out = '';
  for (const char of text) {
    const normal = char.normalize('NFKC');
    out += normal.length === char.length ? normal : char;
  }
  if (out.includes('<')) out = out.replace(HIDDEN, (hidden) => ' '.repeat(hidden.length)).replace(TAG, (tag) => ' '.repeat(tag.length));
  return out.replace(CONTROL, ' ').replace(/[\u2018\u2019\u02BC]/g, "'").replace(/[\u201C\u201D]/g, '"');
}
