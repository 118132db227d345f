import type { Logger } from "pino";
import type { FeatureSpec } from "../features/spec";
import { SECONDS_PER_DAY } from "../features/time";
import type { Metrics } from "../metrics/metrics";
import type { ArtifactStore } from "../artifacts/artifact-store";
import { sha256Hex } from "../model/bundle";
import { HotReloader } from "../artifacts/hot-reloader";
import { latestPointerSchema, parseTerminalSnapshot, type TerminalSnapshot } from "./snapshot";

export class SnapshotRejected extends Error {
  constructor(
    readonly reason: "unreadable" | "bad_pointer" | "checksum_mismatch" | "invalid",
    message: string,
  ) {
    super(message);
    this.name = "SnapshotRejected";
  }
}

/** The snapshot `<features-root>/terminal/latest.json` points at, verified and hot-reloaded. */
export function createSnapshotRegistry(deps: {
  store: ArtifactStore;
  spec: FeatureSpec;
  metrics: Metrics;
  logger: Logger;
}): HotReloader<TerminalSnapshot> {
  const { store, spec, metrics, logger } = deps;
  const read = (file: string) =>
    store.read(`terminal/${file}`).catch((err: Error) => {
      throw new SnapshotRejected("unreadable", `terminal/${file}: ${err.message}`);
    });
  return new HotReloader<TerminalSnapshot>({
    artifact: "terminal_snapshot",
    metrics,
    logger,
    async locate() {
      let json: unknown;
      try {
        json = JSON.parse((await read("latest.json")).toString("utf8"));
      } catch (err) {
        if (err instanceof SnapshotRejected) throw err;
        throw new SnapshotRejected("bad_pointer", `terminal/latest.json: ${(err as Error).message}`);
      }
      const parsed = latestPointerSchema.safeParse(json);
      if (!parsed.success)
        throw new SnapshotRejected("bad_pointer", `terminal/latest.json: ${parsed.error.message}`);
      const pointer = parsed.data;
      return {
        key: `${pointer.path}@${pointer.sha256}`,
        async load() {
          const bytes = await read(pointer.path);
          const actual = sha256Hex(bytes);
          if (actual !== pointer.sha256 || bytes.length !== pointer.bytes) {
            throw new SnapshotRejected(
              "checksum_mismatch",
              `terminal/${pointer.path}: sha256 ${actual} (${bytes.length} bytes), pointer says ${pointer.sha256} (${pointer.bytes})`,
            );
          }
          try {
            return parseTerminalSnapshot(bytes, { asOfDay: pointer.as_of_day, specVersion: spec.version });
          } catch (err) {
            throw new SnapshotRejected("invalid", `terminal/${pointer.path}: ${(err as Error).message}`);
          }
        },
      };
    },
    reasonOf: (err) => (err instanceof SnapshotRejected ? err.reason : "unexpected"),
    isTransient: (err) => err instanceof SnapshotRejected && err.reason === "unreadable",
    onSwap(snapshot) {
      metrics.terminalSnapshotInfo.reset();
      metrics.terminalSnapshotInfo.set({ as_of_day: snapshot.asOfDay }, 1);
      metrics.terminalSnapshotAsOfTimestamp.set((snapshot.asOfDayNumber + 1) * SECONDS_PER_DAY);
    },
  });
}
