import { useId, useState } from 'preact/hooks';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { useProject } from '../session';

export type ResponseLike = {
  id: string;
  score: number;
  category: string;
  comment: string | null;
  channel: string;
  language: string | null;
  sentimentLabel: string | null;
  themes: string[];
  personId: string | null;
  /** Who answered, where the API says it (the responses feed); absent elsewhere. */
  person?: { name: string | null; email: string | null } | null;
  createdAt: string;
};

/**
 * How much of a comment shows before "Show more": about four lines of the feed on a phone. A wide character
 * (kana, kanji) takes two places, so a Japanese comment folds at about the same height as an English one.
 */
const FOLD_AT = 280;
const SHOWN_FOLDED = 200;
const widthOf = (ch: string) => (ch.codePointAt(0)! >= 0x2e80 ? 2 : 1);

/** The comment cut to `budget` places, at a space when one is near the end, or null when it fits whole. */
export function foldedText(text: string, budget = SHOWN_FOLDED, foldAt = FOLD_AT): string | null {
  const lines = text.split('\n');
  let width = 0;
  for (const ch of text) width += widthOf(ch);
  if (width <= foldAt && lines.length <= 6) return null;
  let cut = '';
  let used = 0;
  for (const ch of text) {
    if (used + widthOf(ch) > budget || (ch === '\n' && cut.split('\n').length >= 4)) break;
    cut += ch;
    used += widthOf(ch);
  }
  const space = cut.search(/\s\S*$/);
  return `${(space > cut.length * 0.7 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

function Comment(props: { text: string }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const id = useId();
  const folded = foldedText(props.text);
  return (
    <div class="comment-wrap">
      <p class="comment" id={id}>
        {folded && !open ? folded : props.text}
      </p>
      {folded && (
        <button type="button" class="btn-text fold" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
          {open ? t('responses.showLess') : t('responses.showMore')}
        </button>
      )}
    </div>
  );
}

export function ScoreBadge(props: { score: number }) {
  const kind = props.score >= 9 ? 'promoter' : props.score >= 7 ? 'passive' : 'detractor';
  return <span class={`score score-${kind}`}>{props.score}</span>;
}

/**
 * One answer as the feed and the timeline show it: score, comment, and what Kizuna made of it. The feed also
 * says who answered (`showPerson`, linking to the person's page) and to which survey (`surveyName`).
 */
export function ResponseItem(props: { response: ResponseLike; showPerson?: boolean; surveyName?: string | null }) {
  const { t, fmt } = useI18n();
  const { timeZone } = useProject();
  const r = props.response;
  const language = r.language === 'en' || r.language === 'ja' || r.language === 'und' ? t(`lang.${r.language}`) : r.language;
  const channel = ['web', 'email', 'link', 'api', 'import'].includes(r.channel) ? t(`channel.${r.channel as 'web'}`) : r.channel;
  return (
    <article class="response" data-response-id={r.id}>
      <ScoreBadge score={r.score} />
      <div class="response-body">
        {(props.showPerson || props.surveyName) && (
          <p class="response-head">
            {props.showPerson &&
              (r.personId ? (
                <Link href={`/people/${r.personId}`} class="person-link">
                  {r.person?.name || r.person?.email || t('responses.person')}
                </Link>
              ) : (
                <span class="muted">{t('responses.anonymous')}</span>
              ))}
            {props.surveyName && <span class="survey-name">{props.surveyName}</span>}
          </p>
        )}
        {r.comment ? <Comment text={r.comment} /> : <p class="comment muted">{t('responses.noComment')}</p>}
        <p class="meta">
          <time dateTime={r.createdAt}>{fmt.dateTime(r.createdAt, timeZone)}</time>
          <span>{channel}</span>
          {language && <span>{language}</span>}
          {r.sentimentLabel && (
            <span class={`chip sentiment-${r.sentimentLabel}`}>{t(`sentiment.${r.sentimentLabel as 'positive'}`)}</span>
          )}
          {r.themes.map((theme) => (
            <span class="chip" key={theme}>
              {theme}
            </span>
          ))}
        </p>
      </div>
    </article>
  );
}
