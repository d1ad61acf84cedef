// Frequent, distinctive words of the Latin-script languages Kizuna's customers write in most, besides
// English (whose list lives in language.ts). franc's trigrams cannot tell languages apart on a comment of
// a few words ("test backfill" comes out Turkish, "hello" Somali, "Muy bueno" Kinyarwanda), so a short
// comment is placed by these words instead; a short comment that names none of them and is written in
// plain ASCII is taken as English, the likelier language of such a comment. Words shared by two of these
// languages (con, que, a, de…) are left out: they could not decide anything.
import type { LanguageCode } from './types';

const WORDS: ReadonlyMap<LanguageCode, ReadonlySet<string>> = new Map([
  ['es', new Set(['muy', 'pero', 'gracias', 'bueno', 'buena', 'malo', 'mala', 'el', 'los', 'las', 'es', 'está', 'nada', 'mucho', 'más', 'servicio', 'y'])],
  ['pt', new Set(['muito', 'não', 'nao', 'bom', 'obrigado', 'obrigada', 'ruim', 'atendimento', 'você', 'voce', 'uma', 'mas', 'péssimo', 'ótimo', 'otimo', 'demorado'])],
  ['fr', new Set(['très', 'tres', 'merci', 'beaucoup', 'pas', 'les', 'est', 'une', 'avec', 'pour', 'mais', 'trop', 'cher', 'nul', 'rien', 'génial'])],
  ['de', new Set(['sehr', 'gut', 'nicht', 'kein', 'keine', 'ist', 'und', 'das', 'der', 'danke', 'schlecht', 'mit', 'für', 'aber', 'zu', 'schnell', 'teuer', 'auch', 'langsam'])],
  ['it', new Set(['molto', 'grazie', 'buono', 'bene', 'il', 'della', 'ma', 'troppo', 'ottimo', 'pessimo', 'funziona'])],
  ['nl', new Set(['geen', 'niet', 'zeer', 'goed', 'slecht', 'het', 'een', 'bedankt', 'maar', 'voor', 'traag', 'duur'])],
]);

/**
 * The language a short comment's words name, when exactly one language has the most of them; undefined
 * when none does or two tie.
 */
export function shortCommentLanguage(words: readonly string[]): LanguageCode | undefined {
  let best: LanguageCode | undefined;
  let bestHits = 0;
  let tied = false;
  for (const [language, list] of WORDS) {
    let hits = 0;
    for (const word of words) if (list.has(word)) hits++;
    if (hits > bestHits) [best, bestHits, tied] = [language, hits, false];
    else if (hits > 0 && hits === bestHits) tied = true;
  }
  return tied ? undefined : best;
}
