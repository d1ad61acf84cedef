import { useRef, useState } from 'preact/hooks';

/**
 * One request at a time from a button or form. `guard(fn)` ignores calls while an earlier one runs (a
 * double-click must not create two surveys or two webhook endpoints), and `busy` disables the button for as
 * long. The ref, not the state, is what refuses the second call: the second click can arrive before the
 * re-render that disables the button.
 */
export function useBusy() {
  const [busy, setBusy] = useState(false);
  const running = useRef(false);
  const guard =
    <A extends unknown[]>(fn: (...args: A) => Promise<unknown> | unknown) =>
    async (...args: A): Promise<void> => {
      if (running.current) {
        // A refused submit must still not fall through to the browser's own form submission.
        if (args[0] instanceof Event) args[0].preventDefault();
        return;
      }
      running.current = true;
      setBusy(true);
      try {
        await fn(...args);
      } finally {
        running.current = false;
        setBusy(false);
      }
    };
  return { busy, guard };
}
