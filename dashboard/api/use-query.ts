import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export type Query<T> = { data: T | undefined; error: Error | null; loading: boolean; reload: () => void };

/** Runs fn when deps change; the newest call wins, so a slow earlier answer never overwrites a newer one. */
export function useQuery<T>(fn: () => Promise<T>, deps: unknown[]): Query<T> {
  const [state, setState] = useState<{ data: T | undefined; error: Error | null; loading: boolean }>({
    data: undefined,
    error: null,
    loading: true,
  });
  const generation = useRef(0);
  const run = useCallback(() => {
    const mine = ++generation.current;
    setState((s) => ({ ...s, loading: true, error: null }));
    fn().then(
      (data) => mine === generation.current && setState({ data, error: null, loading: false }),
      (error: Error) => mine === generation.current && setState((s) => ({ data: s.data, error, loading: false })),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  useEffect(run, [run]);
  return { ...state, reload: run };
}
