// The API's error envelope in the reader's language. The server names each case with a code (and, for the
// cases worth their own words, a reason) and each bad field with its path and zod code; the words are the
// dashboard's. Its English message is kept where no translation says more (an unknown reason in English).
import type { MessageKey } from '../i18n/en';

type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;
export type ErrorDetail = { path?: string; message?: string; code?: string; reason?: string; minimum?: number; maximum?: number; origin?: string };
export type ErrorEnvelope = { code: string; reason?: string; message: string; details?: unknown };

let current: { t: Translate; locale: string } | null = null;
/** Called by the I18nProvider whenever the language changes, so errors read later are in that language. */
export function setErrorLanguage(t: Translate, locale: string) {
  current = { t, locale };
}

const has = (key: string): key is MessageKey => !!current && current.t(key as MessageKey) !== key;

/** The field's name as the forms label it, else its path. */
function fieldLabel(path: string): string {
  const key = `field.${path}`;
  return has(key) ? current!.t(key) : path;
}

/** One field's problem in words: "Name is required." */
export function fieldMessage(detail: ErrorDetail): string {
  if (!current) return detail.message ?? '';
  const { t } = current;
  const field = fieldLabel(detail.path ?? '');
  if (detail.reason === 'required') return t('error.field.required', { field });
  if (detail.code === 'too_big' && detail.maximum !== undefined) return t('error.field.tooLong', { field, max: detail.maximum });
  if (detail.code === 'too_small' && detail.minimum !== undefined) return t('error.field.tooShort', { field, min: detail.minimum });
  if (detail.code === 'unstorable_text') return t('error.field.unstorable', { field });
  return t('error.field.invalid', { field });
}

const detailsOf = (envelope: ErrorEnvelope): ErrorDetail[] =>
  Array.isArray(envelope.details) ? envelope.details.filter((d): d is ErrorDetail => typeof d === 'object' && d !== null && typeof d.path === 'string') : [];

/** Each bad field's message by its path, for the form to show next to the field. */
export function fieldErrors(envelope: ErrorEnvelope): Map<string, string> {
  return new Map(detailsOf(envelope).map((d) => [d.path!, fieldMessage(d)]));
}

/** The whole error in one sentence or a few: the reason's words, else each field's, else the code's. */
export function errorText(envelope: ErrorEnvelope, retryAfterSeconds?: number): string {
  if (!current) return envelope.message;
  const { t, locale } = current;
  // The envelope's own figures (a theme's name, a limit) fill the translation's placeholders.
  const named = typeof envelope.details === 'object' && envelope.details !== null && !Array.isArray(envelope.details) ? envelope.details : {};
  const vars: Record<string, string | number> = { seconds: retryAfterSeconds ?? 60 };
  for (const [name, value] of Object.entries(named)) if (typeof value === 'string' || typeof value === 'number') vars[name] = value;
  if (envelope.reason && has(`error.reason.${envelope.reason}`)) return t(`error.reason.${envelope.reason}` as MessageKey, vars);
  const fields = detailsOf(envelope);
  if ((envelope.code === 'validation_failed' || envelope.code === 'bad_request') && fields.length > 0) return fields.map(fieldMessage).join(' ');
  // In English the server's own sentence says more than a code's; in Japanese the code's words come first.
  if (locale === 'en') return envelope.message;
  const general = has(`error.code.${envelope.code}`) ? t(`error.code.${envelope.code}` as MessageKey, vars) : t('state.error');
  return `${general}（${envelope.message}）`;
}
