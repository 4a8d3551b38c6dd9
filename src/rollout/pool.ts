// Runs jobs with at most `concurrency` in flight. Once the signal aborts, no new job starts;
// jobs already running are expected to watch the same signal and end soon.
export async function runPool<T>(
  items: readonly T[],
  concurrency: number,
  job: (item: T) => Promise<void>,
  signal: AbortSignal,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (!signal.aborted && next < items.length) {
      const item = items[next++] as T;
      await job(item);
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker);
  await Promise.all(workers);
}
