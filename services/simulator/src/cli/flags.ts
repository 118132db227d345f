/** Command-line values arrive as strings; these convert them once and name the flag on failure. */
export function numberFlag(values: Record<string, unknown>, flag: string): number | undefined {
  const raw = values[flag];
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (typeof raw !== "string" || raw.trim() === "" || !Number.isFinite(value)) {
    throw new Error(`--${flag} must be a number, got ${JSON.stringify(raw)}`);
  }
  return value;
}

export function stringFlag(values: Record<string, unknown>, flag: string): string | undefined {
  const raw = values[flag];
  return typeof raw === "string" ? raw : undefined;
}

/** Drops undefined entries so defaults (zod) apply to every flag left out. */
export function defined<T extends Record<string, unknown>>(record: T): Partial<T> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as Partial<T>;
}
