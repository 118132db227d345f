import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { localStateDir } from "../paths";

/** What `npm run local:up` started, so `local:down` (another process) can stop it. */
export interface LocalServiceRecord {
  readonly name: "kafka" | "redis" | "prometheus";
  /** Watchdog pid: SIGTERM stops the service gracefully. */
  readonly pid: number;
  readonly port: number;
  /** Connection string: bootstrap servers or URL. */
  readonly address: string;
  readonly dir: string;
  readonly logFile: string;
}

export interface LocalState {
  readonly startedAt: string;
  readonly services: readonly LocalServiceRecord[];
}

const stateFile = () => join(localStateDir(), "services.json");

export function readLocalState(): LocalState | undefined {
  return existsSync(stateFile()) ? (JSON.parse(readFileSync(stateFile(), "utf8")) as LocalState) : undefined;
}

export function writeLocalState(state: LocalState): string {
  mkdirSync(localStateDir(), { recursive: true });
  writeFileSync(stateFile(), JSON.stringify(state, null, 2) + "\n");
  return stateFile();
}

export function clearLocalState(): void {
  rmSync(stateFile(), { force: true });
}
