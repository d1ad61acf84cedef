import type { MailMessage } from '../../mail/mailer';

/** The password-reset email, in the account's language (both when it has none chosen yet). Plain text only. */
export function resetEmail(input: { resetUrl: string; locale: string | null }): Pick<MailMessage, 'subject' | 'text'> {
  const en = [
    'Someone asked to reset the password of your Kizuna account.',
    'Open this link within one hour to choose a new one (it works once):',
    input.resetUrl,
    'If it was not you, ignore this email: your password stays as it is.',
  ];
  const ja = [
    'Kizuna アカウントのパスワード再設定が申請されました。',
    '1 時間以内に次のリンクを開き、新しいパスワードを設定してください（一度だけ有効です）：',
    input.resetUrl,
    '心当たりがない場合は、このメールを無視してください。パスワードは変わりません。',
  ];
  if (input.locale === 'ja') return { subject: 'Kizuna のパスワード再設定', text: ja.join('\n') };
  if (input.locale === 'en') return { subject: 'Reset your Kizuna password', text: en.join('\n') };
  return { subject: 'Reset your Kizuna password / Kizuna のパスワード再設定', text: [...en, '', ...ja].join('\n') };
}
