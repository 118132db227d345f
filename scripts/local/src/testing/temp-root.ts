import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * One temp folder per jest run: the global setup points TMPDIR at it (workers and the processes they
 * start inherit it), and the teardown fails the run when tests left anything in it, so a test that
 * does not clean up what it creates is caught the run it appears in.
 */

/**
 * Not leftovers: caches kept in the temp dir by design (tsx's and ts-node's compile caches, the
 * training package's shared Spark log configuration), and the files the build machines' own
 * environment writes into the temp dir of processes (`mat-debug-<pid>.log`, `.ses`; neither the
 * repository nor its installed dependencies contain those names).
 */
const TOOL_CACHES = [
  /^tsx-\d+$/,
  /^ts-node-[0-9a-f]{64}$/,
  /^antifraud-spark-log4j2\.properties$/,
  /^mat-debug-\d+\.log$/,
  /^\.ses$/,
];

/** The entries of a run's temp folder that are not tool caches, sorted. */
export function leftovers(entries: readonly string[]): string[] {
  return entries.filter((entry) => !TOOL_CACHES.some((cache) => cache.test(entry))).sort();
}

export interface TempRoot {
  readonly dir: string;
  /** Removes the folder and restores TMPDIR; resolves with what the tests left in it. */
  close(): string[];
}

/** Creates the run's temp folder and points TMPDIR (hence os.tmpdir()) at it. */
export function openTempRoot(): TempRoot {
  const previous = process.env.TMPDIR;
  const dir = mkdtempSync(join(tmpdir(), "antifraud-test-run-"));
  process.env.TMPDIR = dir;
  return {
    dir,
    close() {
      const left = leftovers(readdirSync(dir));
      rmSync(dir, { recursive: true, force: true });
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
      return left;
    },
  };
}
