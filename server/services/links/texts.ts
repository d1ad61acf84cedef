// Wording of the email snippet and the hosted pages, in both built-in languages.
export const linkTexts = {
  en: {
    low: 'Not at all likely',
    high: 'Extremely likely',
    recorded: (score: number) => `Thank you! Your score of ${score} is recorded.`,
    change: 'Clicked the wrong number? Pick another:',
    placeholder: 'Your answer (optional)',
    send: 'Send',
    thanks: 'Thank you for your feedback!',
    thanksDetail: 'Your comment was added to your answer. You can close this page.',
    pageTitle: 'Your feedback',
  },
  ja: {
    low: 'まったく思わない',
    high: '非常にそう思う',
    recorded: (score: number) => `ありがとうございます。スコア ${score} を記録しました。`,
    change: '別の数字を選び直す場合はこちら：',
    placeholder: 'ご意見（任意）',
    send: '送信',
    thanks: 'ご回答ありがとうございました！',
    thanksDetail: 'コメントを回答に追加しました。このページは閉じていただいて構いません。',
    pageTitle: 'アンケート',
  },
} as const;

export const invalidLinkText = {
  title: 'This link does not work · このリンクは無効です',
  en: 'This survey link is incomplete or no longer valid. Please use the link exactly as it appears in your email.',
  ja: 'このアンケートのリンクは不完全か、有効ではありません。メールに記載されたリンクをそのままお使いください。',
};

export const expiredLinkText = {
  title: 'This survey link has expired · このアンケートのリンクは有効期限が切れています',
  en: 'This survey link has expired, so your answer was not recorded. Thank you for wanting to tell us.',
  ja: 'このアンケートのリンクは有効期限が切れているため、回答は記録されませんでした。ご協力いただこうとしてくださり、ありがとうございます。',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
