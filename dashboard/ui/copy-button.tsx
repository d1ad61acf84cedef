import { useState } from 'preact/hooks';
import { useI18n } from '../i18n';

/** Copies text to the clipboard; falls back to selecting a hidden textarea where the Clipboard API is refused. */
export function CopyButton(props: { text: string; label?: string }) {
  const { t } = useI18n();
  // Remember *what* was copied, not just that something was: when the text changes (a key was just
  // created into the snippet) the very render that shows the new text already says "Copy", with no
  // effect running a frame later in which "Copied" would claim the new text is on the clipboard.
  const [copiedText, setCopiedText] = useState<string | null>(null);
  const copied = copiedText === props.text;
  const copy = async () => {
    const text = props.text;
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      const area = document.createElement('textarea');
      area.value = text;
      document.body.append(area);
      area.select();
      document.execCommand('copy');
      area.remove();
    }
    setCopiedText(text);
    setTimeout(() => setCopiedText((current) => (current === text ? null : current)), 2000);
  };
  return (
    <button type="button" class="btn" onClick={copy} aria-live="polite">
      {copied ? t('surveys.copied') : (props.label ?? t('surveys.copy'))}
    </button>
  );
}
