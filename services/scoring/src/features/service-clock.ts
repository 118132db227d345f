/**
 * The clock transactions are dated against (unix ms). The system clock in service; a replay of
 * history (the demo, the bench) starts it at an explicit instant and lets it advance in real time,
 * so the future-date check stays on while old data is scored.
 */
export function serviceClock(replayFrom: Date | undefined, realNow: () => number = Date.now): () => number {
  if (replayFrom === undefined) return realNow;
  const offset = replayFrom.getTime() - realNow();
  return () => realNow() + offset;
}
