import { useCallback, useEffect, useState } from 'react';

export type Lazy<T> = { status: 'idle' | 'loading' | 'failed'; value?: undefined } | { status: 'ready'; value: T };

/**
 * Fetches a piece of the page (a dynamic `import()`) once `wanted` turns true, and keeps it.
 * A failed fetch (connection lost) is reported, and `retry` tries again: the caller shows "Tap to retry".
 */
export function useLazy<T>(load: () => Promise<T>, wanted: boolean): Lazy<T> & { retry: () => void } {
  const [state, setState] = useState<Lazy<T>>({ status: 'idle' });
  const [attempt, setAttempt] = useState(0);
  const active = wanted && state.status !== 'ready' && state.status !== 'failed';
  useEffect(() => {
    if (!active) return undefined;
    let current = true;
    load().then(
      (value) => current && setState({ status: 'ready', value }),
      () => current && setState({ status: 'failed' }),
    );
    return () => {
      current = false;
    };
  }, [active, attempt, load]);
  const retry = useCallback(() => {
    setState({ status: 'idle' });
    setAttempt((count) => count + 1);
  }, []);
  const shown: Lazy<T> = active && state.status === 'idle' ? { status: 'loading' } : state;
  return { ...shown, retry };
}
