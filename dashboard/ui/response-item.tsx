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
  createdAt: string;
};

export function ScoreBadge(props: { score: number }) {
  const kind = props.score >= 9 ? 'promoter' : props.score >= 7 ? 'passive' : 'detractor';
  return <span class={`score score-${kind}`}>{props.score}</span>;
}

/** One answer as the feed and the timeline show it: score, comment, and what Kizuna made of it. */
export function ResponseItem(props: { response: ResponseLike; showPerson?: boolean }) {
  const { t, fmt } = useI18n();
  const { timeZone } = useProject();
  const r = props.response;
  const language = r.language === 'en' || r.language === 'ja' || r.language === 'und' ? t(`lang.${r.language}`) : r.language;
  const channel = ['web', 'email', 'link', 'api', 'import'].includes(r.channel) ? t(`channel.${r.channel as 'web'}`) : r.channel;
  return (
    <article class="response" data-response-id={r.id}>
      <ScoreBadge score={r.score} />
      <div class="response-body">
        <p class={r.comment ? 'comment' : 'comment muted'}>{r.comment ?? t('responses.noComment')}</p>
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
          {props.showPerson &&
            (r.personId ? (
              <Link href={`/people/${r.personId}`} class="person-link">
                {t('responses.person')} →
              </Link>
            ) : (
              <span class="muted">{t('responses.anonymous')}</span>
            ))}
        </p>
      </div>
    </article>
  );
}
