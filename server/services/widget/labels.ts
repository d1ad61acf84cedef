/**
 * The widget's own words around a survey's question, per language. Sent with the public half of a page view
 * (GET /v1/widget/surveys) rather than built into /widget.js: the script stays within its size budget, and a
 * new language or wording reaches every site without a new script.
 */
export const WIDGET_LABELS = {
  en: {
    low: 'Not at all likely',
    high: 'Extremely likely',
    placeholder: 'Your answer (optional)',
    send: 'Send',
    close: 'Close',
    thanks: 'Thank you for your feedback!',
  },
  ja: {
    low: 'まったく思わない',
    high: '非常にそう思う',
    placeholder: 'ご意見（任意）',
    send: '送信',
    close: '閉じる',
    thanks: 'ご回答ありがとうございました！',
  },
} as const;

export type WidgetLabels = { [K in keyof (typeof WIDGET_LABELS)['en']]: string };

/** A short digest of the labels, for the public reply's ETag: new wording after an upgrade is a new reply. */
export const WIDGET_LABELS_TAG: Promise<string> = crypto.subtle
  .digest('SHA-256', new TextEncoder().encode(JSON.stringify(WIDGET_LABELS)))
  .then((digest) => [...new Uint8Array(digest).slice(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join(''));
