// Shapes the widget exchanges with the Kizuna server (GET /v1/widget/surveys and /v1/widget/contact,
// POST /v1/responses). Kept in one place so the UI, the sender and the
// targeting code agree on them.

import type { WidgetLabels } from '../server/services/widget/labels';

export type Locale = 'en' | 'ja';
export type Category = 'detractor' | 'passive' | 'promoter';
export type Position = 'bottom-right' | 'bottom-left' | 'center';
export type Theme = 'light' | 'dark' | 'auto';

export type Texts = Partial<Record<Locale, string>>;

export interface Person {
  id?: string;
  email?: string;
  name?: string;
  traits?: Record<string, unknown>;
  locale?: string;
  /**
   * Hex HMAC-SHA256 of `id` under the project's identity secret, made by the customer's server. Without it
   * the server keeps what it has stored about the person (email, name, traits) and files them with the answer.
   */
  signature?: string;
}

/** One live survey as GET /v1/widget/surveys describes it to every visitor. */
export interface PublicSurvey {
  id: string;
  defaultLocale: Locale;
  question: Texts;
  followUpQuestion: Texts & Partial<Record<Category, Texts>>;
  appearance: { brandColor: string; position: Position; theme: Theme };
  targeting: {
    urlInclude: string[];
    urlExclude: string[];
    sampleRate: number;
    delaySeconds: number;
    recontactDays: number;
    maxDismissals: number;
  };
}

/**
 * A survey with the widget's words around it (from the same reply) and the decision for this person and page
 * (URL rules, sample, recontact, dismissals).
 */
export interface WidgetSurvey extends PublicSurvey {
  labels: Record<Locale, WidgetLabels>;
  show: boolean;
}

export interface WidgetConfig {
  surveys: WidgetSurvey[];
}

/** Body of POST /v1/responses as the widget sends it. */
export interface ResponseBody {
  surveyId: string;
  score: number;
  idempotencyKey: string;
  comment?: string;
  person?: Omit<Person, 'locale'>;
  channel: 'web';
  locale: Locale;
  properties?: Record<string, unknown>;
}

export type WidgetEvent = 'ready' | 'shown' | 'answered' | 'dismissed';
