import type { Logger } from "pino";
import type { Metrics } from "../metrics/metrics";

export type ArtifactKind = "model" | "terminal_snapshot";
export type ReloadResult = "loaded" | "rejected" | "unchanged" | "retrying";

/** What to load next: `key` identifies the content (a changed key means a reload). */
export interface ReloadCandidate<T> {
  key: string;
  load(): Promise<T>;
}

export interface HotReloaderOptions<T> {
  artifact: ArtifactKind;
  /** Finds the candidate in the registry; throws when the registry itself is unreadable. */
  locate(): Promise<ReloadCandidate<T>>;
  /** Metric label for a failure (a bounded set). */
  reasonOf(err: unknown): string;
  /**
   * True for failures of the store (a read error), not of the content: the same candidate is
   * retried with backoff instead of being refused for good.
   */
  isTransient(err: unknown): boolean;
  /** First retry delay after a transient failure, doubled per failure up to the poll interval. Default 500. */
  retryBaseMs?: number;
  /** Called after a swap, e.g. to update gauges. */
  onSwap(loaded: T): void;
  /** Frees a replaced value once in-flight users are done (after `disposeDelayMs`). */
  dispose?(old: T): Promise<void>;
  disposeDelayMs?: number;
  metrics: Metrics;
  logger: Logger;
}

/**
 * Holds the artifact in service and swaps it atomically (a single reference assignment) when a
 * new, fully verified one is found. A bad candidate is logged and counted and the previous value
 * keeps serving; the same bad key is not retried until it changes. A transient failure (the store
 * could not be read) is retried with exponential backoff, so a pod that hits one at start loads its
 * model seconds later instead of waiting for a new version.
 */
export class HotReloader<T> {
  private value: T | null = null;
  private key: string | null = null;
  private rejectedKey: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<ReloadResult> | null = null;
  private intervalMs = 30_000;
  private failures = 0;
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: HotReloaderOptions<T>) {}

  get current(): T | null {
    return this.value;
  }

  /** One check; concurrent callers share the same check. */
  refresh(): Promise<ReloadResult> {
    this.running ??= this.check().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  start(intervalMs: number): void {
    if (this.timer) return;
    this.intervalMs = intervalMs;
    this.timer = setInterval(() => void this.refresh(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.timer = null;
    this.retryTimer = null;
  }

  /** Delay before the next retry after `failures` transient failures in a row. */
  retryDelayMs(failures: number): number {
    const base = this.options.retryBaseMs ?? 500;
    return Math.min(base * 2 ** Math.min(failures - 1, 20), Math.max(base, this.intervalMs));
  }

  private async check(): Promise<ReloadResult> {
    const { artifact, metrics, logger } = this.options;
    let key: string | null = null;
    try {
      const candidate = await this.options.locate();
      key = candidate.key;
      if (key === this.key || key === this.rejectedKey) return "unchanged";
      const loaded = await candidate.load();
      const old = this.value;
      this.value = loaded;
      this.key = key;
      this.rejectedKey = null;
      this.failures = 0;
      this.options.onSwap(loaded);
      metrics.reloads.inc({ artifact, result: "loaded", reason: "" });
      logger.info({ artifact, key }, `${artifact} loaded`);
      if (old !== null && this.options.dispose) {
        const dispose = this.options.dispose;
        setTimeout(
          () =>
            void dispose(old).catch((err: Error) =>
              logger.warn({ artifact, err: err.message }, `releasing the previous ${artifact} failed`),
            ),
          this.options.disposeDelayMs ?? 30_000,
        ).unref();
      }
      return "loaded";
    } catch (err) {
      const reason = this.options.reasonOf(err);
      if (this.options.isTransient(err)) return this.retryLater(reason, err as Error);
      this.failures = 0;
      if (key !== null) this.rejectedKey = key;
      metrics.reloads.inc({ artifact, result: "rejected", reason });
      logger.error(
        { artifact, key, reason, err: (err as Error).message, serving: this.key },
        `${artifact} rejected; ${this.value === null ? "nothing is loaded" : "previous one keeps serving"}`,
      );
      return "rejected";
    }
  }

  private retryLater(reason: string, err: Error): ReloadResult {
    const { artifact, metrics, logger } = this.options;
    this.failures++;
    const delayMs = this.retryDelayMs(this.failures);
    metrics.reloads.inc({ artifact, result: "retrying", reason });
    logger.warn(
      { artifact, reason, err: err.message, failures: this.failures, retryInMs: delayMs, serving: this.key },
      `${artifact} could not be read; retrying`,
    );
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.refresh();
    }, delayMs);
    this.retryTimer.unref();
    return "retrying";
  }
}
