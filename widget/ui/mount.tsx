import { h, render } from 'preact';
import type { Locale, WidgetSurvey } from '../types';
import { css } from './styles';
import { Survey, type SurveyProps } from './Survey';

let sheet: CSSStyleSheet | undefined;

/** Constructable stylesheets pass a strict CSP; older engines get a <style> element instead. */
function adoptStyles(shadow: ShadowRoot) {
  try {
    sheet ||= new CSSStyleSheet();
    sheet.replaceSync(css);
    shadow.adoptedStyleSheets = [sheet];
  } catch {
    const style = document.createElement('style');
    style.textContent = css;
    shadow.appendChild(style);
  }
}

export interface Mounted {
  unmount(): void;
}

type Callbacks = Pick<SurveyProps, 'onScore' | 'onComment' | 'onClose' | 'draftRef'>;

/**
 * Puts the survey on the page in an open shadow root, fixed-positioned so the
 * host page's layout never shifts. Created only when a survey is due.
 */
export function mountSurvey(survey: WidgetSurvey, locale: Locale, callbacks: Callbacks): Mounted {
  const host = document.createElement('kizuna-survey');
  host.setAttribute('data-position', survey.appearance.position);
  const shadow = host.attachShadow({ mode: 'open' });
  adoptStyles(shadow);
  const container = document.createElement('div');
  shadow.appendChild(container);
  (document.body || document.documentElement).appendChild(host);
  render(<Survey survey={survey} locale={locale} {...callbacks} />, container);
  return {
    unmount() {
      render(null, container);
      host.remove();
    },
  };
}
