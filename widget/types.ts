// Shapes the widget exchanges with the Kizuna server (GET /v1/widget/config,
// POST /v1/responses). Kept in one place so the UI, the sender and the
// targeting code agree on them.

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

/** One survey as GET /v1/widget/config describes it to the browser. */
export interface WidgetSurvey {
  id: string;
  defaultLocale: Locale;
  question: Texts;
  followUpQuestion: Texts & Partial<Record<Category, Texts>>;
  appearance: { brandColor: string; position: Position; theme: Theme };
  targeting: { delaySeconds: number; recontactDays: number; maxDismissals: number };
  /** The server's decision for this person and URL (status, URL rules, sampling, recontact, dismissals). */
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
