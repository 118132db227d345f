import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** The repository root: the nearest ancestor whose package.json declares npm workspaces. */
export function repoRoot(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && "workspaces" in (JSON.parse(readFileSync(manifest, "utf8")) as object)) {
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no workspace root above ${from}`);
    dir = parent;
  }
}

/** Installed tools (bootstrap output); overridable so a different checkout can share one cache. */
export function cacheDir(): string {
  return process.env.ANTIFRAUD_CACHE ?? join(repoRoot(), ".cache");
}

export function kafkaLibsDir(): string {
  return join(cacheDir(), "kafka", "libs");
}

/** Where `npm run local:up` records what it started. */
export function localStateDir(): string {
  return join(repoRoot(), ".local");
}

export function watchdogScript(): string {
  return join(repoRoot(), "scripts", "local", "bin", "watchdog.sh");
}

/** CA and server certificate of the local Kafka and Redis (scripts/bootstrap.d/45-tls.sh). */
export function tlsDir(): string {
  return join(cacheDir(), "tls");
}
