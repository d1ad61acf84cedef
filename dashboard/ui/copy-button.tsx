import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../i18n';

/** Copies text to the clipboard; falls back to selecting a hidden textarea where the Clipboard API is refused. */
export function CopyButton(props: { text: string; label?: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  // New text (a key was just created into the snippet) is not copied yet: "Copied" would claim it is.
  useEffect(() => setCopied(false), [props.text]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.text);
    } catch {
      const area = document.createElement('textarea');
      area.value = props.text;
      document.body.append(area);
      area.select();
      document.execCommand('copy');
      area.remove();
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  };
  return (
    <button type="button" class="btn" onClick={copy} aria-live="polite">
      {copied ? t('surveys.copied') : (props.label ?? t('surveys.copy'))}
    </button>
  );
}
