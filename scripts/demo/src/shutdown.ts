export type Cleanup = () => Promise<void> | void;

/**
 * Cleanups run once, newest first (a process started later is stopped first), whether the run
 * ends normally, fails or is interrupted. A failing cleanup is reported and the rest still run.
 */
export class Shutdown {
  private readonly cleanups: { name: string; run: Cleanup }[] = [];
  private running: Promise<void> | undefined;

  constructor(private readonly log: (line: string) => void) {}

  add(name: string, run: Cleanup): void {
    this.cleanups.push({ name, run });
  }

  runAll(): Promise<void> {
    this.running ??= this.drain();
    return this.running;
  }

  private async drain(): Promise<void> {
    for (const { name, run } of this.cleanups.splice(0).reverse()) {
      try {
        await run();
        this.log(`stopped ${name}`);
      } catch (error) {
        this.log(`stopping ${name} failed: ${(error as Error).message}`);
      }
    }
  }

  /** Ctrl-C and SIGTERM stop everything, then exit with the conventional 128 + signal code. */
  onSignals(): void {
    const handle = (signal: NodeJS.Signals, code: number) => {
      this.log(`${signal}: shutting down`);
      void this.runAll().finally(() => process.exit(code));
    };
    process.once("SIGINT", () => handle("SIGINT", 130));
    process.once("SIGTERM", () => handle("SIGTERM", 143));
  }
}
