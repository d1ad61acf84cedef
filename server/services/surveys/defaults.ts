import type { FollowUpQuestion, LocalizedText, SurveyAppearance, SurveyTargeting } from '../../../db/schema';

// The standard NPS wording (Reichheld), and a natural Japanese rendering of it.
export const defaultQuestion: Required<LocalizedText> = {
  en: 'How likely are you to recommend us to a friend or colleague?',
  ja: '友人や同僚に私たちをすすめる可能性はどのくらいありますか？',
};

export const defaultFollowUpQuestion: FollowUpQuestion = {
  en: 'What is the main reason for your score?',
  ja: 'そのように評価された一番の理由を教えてください。',
};

export const defaultTargeting: SurveyTargeting = {
  delaySeconds: 5,
  urlInclude: [],
  urlExclude: [],
  sampleRate: 1,
  recontactDays: 90,
  maxDismissals: 3,
};

export const defaultAppearance: SurveyAppearance = {
  brandColor: '#4f46e5',
  position: 'bottom-right',
  theme: 'auto',
};
