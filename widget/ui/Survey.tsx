import { Component, createRef, Fragment, h } from 'preact';
import { followUpText, questionText } from '../i18n';
import type { Locale, WidgetSurvey } from '../types';
import { brandColors } from './brand';
import { ScoreScale } from './ScoreScale';

export interface SurveyProps {
  survey: WidgetSurvey;
  locale: Locale;
  onScore: (score: number) => void;
  onComment: (comment: string) => void;
  /** answered=false means the person closed it before giving a score. */
  onClose: (answered: boolean) => void;
  /** Lets the controller send a half-typed comment when the page goes away. */
  draftRef: { current: string };
}

interface State {
  selected: number | null;
  score: number | null;
  done: boolean;
}

const THANKS_MS = 3500;

// The survey never takes focus when it appears: it is not something the
// person asked for, and a focus ring on "0" would read as a pre-selected
// answer. Keyboard users reach it with Tab (it sits last in the page's
// order); once they interact, focus follows them to the next step.

// A class component rather than hooks: preact/hooks would cost ~1.2 KB of
// the 10 KB gzip budget for three pieces of state.
export class Survey extends Component<SurveyProps, State> {
  override state: State = { selected: null, score: null, done: false };
  root = createRef<HTMLDivElement>();
  timer?: ReturnType<typeof setTimeout>;

  focus(selector: string) {
    this.root.current?.querySelector<HTMLElement>(selector)?.focus();
  }

  override componentWillUnmount() {
    clearTimeout(this.timer);
  }

  pick = (score: number) => {
    if (this.state.score !== null) return;
    this.setState({ score, selected: score });
    this.props.onScore(score);
    // The person is interacting now, so moving focus to the next question is expected.
    setTimeout(() => this.focus('textarea'));
  };

  submitComment = () => {
    const { draftRef, onComment, onClose } = this.props;
    const text = draftRef.current.trim();
    draftRef.current = '';
    if (text) onComment(text);
    this.setState({ done: true });
    // Keep focus inside the widget (the textarea is going away) so Esc still works.
    setTimeout(() => this.focus('.thanks'));
    this.timer = setTimeout(() => onClose(true), THANKS_MS);
  };

  close = () => {
    const { score, done } = this.state;
    if (score !== null && !done) this.submitComment();
    this.props.onClose(score !== null);
  };

  render({ survey, locale, draftRef }: SurveyProps, { selected, score, done }: State) {
    const t = survey.labels[locale];
    const { brand, onBrand } = brandColors(survey.appearance.brandColor);
    return (
      <div
        ref={this.root}
        class={`kz ${survey.appearance.theme}`}
        role="dialog"
        aria-labelledby="kz-q"
        lang={locale}
        style={{ '--brand': brand, '--on-brand': onBrand }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            this.close();
          }
        }}
      >
        {done ? (
          <p class="thanks" id="kz-q" role="status" tabIndex={-1}>
            {t.thanks}
          </p>
        ) : score === null ? (
          <>
            <h2 id="kz-q">{questionText(survey, locale)}</h2>
            <ScoreScale
              labelledBy="kz-q"
              t={t}
              selected={selected}
              onSelect={(s) => this.setState({ selected: s })}
              onPick={this.pick}
            />
          </>
        ) : (
          <>
            <h2 id="kz-q">
              <label for="kz-c">{followUpText(survey, locale, score)}</label>
            </h2>
            <textarea
              id="kz-c"
              maxLength={5000}
              placeholder={t.placeholder}
              onInput={(e) => (draftRef.current = (e.target as HTMLTextAreaElement).value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) {
                  e.preventDefault();
                  this.submitComment();
                }
              }}
            />
            <div class="row">
              <button type="button" class="send" onClick={this.submitComment}>
                {t.send}
              </button>
            </div>
          </>
        )}
        <button type="button" class="x" aria-label={t.close} onClick={this.close}>
          ×
        </button>
      </div>
    );
  }
}
