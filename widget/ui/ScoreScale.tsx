import { Fragment, h } from 'preact';
import type { Messages } from '../i18n';

const SCORES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

interface Props {
  labelledBy: string;
  t: Messages;
  selected: number | null;
  /** Arrow keys: the selection moves but nothing is sent yet. */
  onSelect: (score: number) => void;
  /** Enter, Space or click: the answer is given. */
  onPick: (score: number) => void;
}

/**
 * NPS 0–10 as an ARIA radio group (radios named "0" … "10", the ends
 * described by the verbal labels). Arrow keys move the selection without
 * sending it — the score is sent the moment it is picked, so picking needs a
 * deliberate Enter, Space or click. Stateless (no hooks) to keep the bundle small.
 */
export function ScoreScale({ labelledBy, t, selected, onSelect, onPick }: Props) {
  const onKeyDown = (e: KeyboardEvent, score: number) => {
    const k = e.key;
    let to = -1;
    if (k === 'ArrowRight' || k === 'ArrowDown') to = score + 1;
    else if (k === 'ArrowLeft' || k === 'ArrowUp') to = score + 10;
    else if (k === 'Home') to = 0;
    else if (k === 'End') to = 10;
    else if (k === 'Enter' || k === ' ') onPick(score);
    else return;
    e.preventDefault();
    if (to < 0) return;
    to %= 11;
    onSelect(to);
    ((e.currentTarget as HTMLElement).parentNode!.childNodes[to] as HTMLElement).focus();
  };

  const focusable = selected ?? 0;
  return (
    <>
      <div class="scale" role="radiogroup" aria-labelledby={labelledBy}>
        {SCORES.map((score) => (
          <button
            type="button"
            role="radio"
            aria-checked={selected === score}
            aria-describedby={score === 0 ? 'kz-low' : score === 10 ? 'kz-high' : undefined}
            tabIndex={score === focusable ? 0 : -1}
            onClick={() => onPick(score)}
            onKeyDown={(e) => onKeyDown(e, score)}
          >
            {score}
          </button>
        ))}
      </div>
      <div class="ends" aria-hidden="true">
        <span id="kz-low">{t.low}</span>
        <span id="kz-high">{t.high}</span>
      </div>
    </>
  );
}
