import { useState } from 'preact/hooks';

/**
 * A change made from a page. `run(change, form?)` clears the last error, awaits the change, then resets
 * the form and calls `after` (reload what the change touched). A failure is kept in `error` for the page to
 * show next to the form, never thrown: the user's input stays where it was.
 */
export function useAction(after: () => void) {
  const [error, setError] = useState<string | null>(null);
  const run = async (change: () => Promise<unknown>, form?: HTMLFormElement) => {
    setError(null);
    try {
      await change();
      form?.reset();
      after();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return { error, run };
}
