import { spawnSync } from "node:child_process";

export interface PromtoolResult {
  readonly status: number | null;
  readonly output: string;
}

/** Runs Debian's promtool (installed by scripts/bootstrap.d/10-debian.sh) and captures its output. */
export function promtool(args: readonly string[], cwd?: string): PromtoolResult {
  const result = spawnSync("promtool", args, { encoding: "utf8", cwd, timeout: 60_000 });
  if (result.error)
    throw new Error(`cannot run promtool (run scripts/bootstrap.sh): ${result.error.message}`);
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}
