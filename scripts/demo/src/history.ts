import { mkdirSync, readdirSync, symlinkSync } from "node:fs";
import { join, resolve } from "node:path";

const DAY_FILE = /^\d{4}-\d{2}-\d{2}\.txt$/;

export interface HistorySplit {
  /** Folder with links to the training days' files only: the model never sees the streamed days. */
  readonly historyDir: string;
  readonly historyDays: readonly string[];
  readonly streamDays: readonly string[];
}

/** Splits the simulated day files into training history and the `streamDays` days after it. */
export function splitHistory(rawDir: string, historyDir: string, streamDays: number): HistorySplit {
  const days = readdirSync(rawDir)
    .filter((name) => DAY_FILE.test(name))
    .sort()
    .map((name) => name.slice(0, 10));
  if (days.length <= streamDays)
    throw new Error(`${rawDir} has ${days.length} day files; need more than ${streamDays}`);
  const historyDays = days.slice(0, days.length - streamDays);
  mkdirSync(historyDir, { recursive: true });
  for (const day of historyDays) symlinkSync(resolve(rawDir, `${day}.txt`), join(historyDir, `${day}.txt`));
  return { historyDir, historyDays, streamDays: days.slice(days.length - streamDays) };
}

/** `YYYY-MM-DD` plus `n` days. */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}
