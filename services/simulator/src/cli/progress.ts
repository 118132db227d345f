/**
 * A progress line on stderr: redrawn in place on a terminal (at most every 100 ms), or one line per
 * 10% step when stderr is a file or pipe (CI logs), so long runs always show they are moving.
 */
export interface Progress {
  update(phase: string, done: number, total: number): void;
  finish(): void;
}

export function createProgress(
  stream: NodeJS.WriteStream = process.stderr,
  now: () => number = Date.now,
): Progress {
  const started = now();
  let lastDraw = 0;
  let lastStep = new Map<string, number>();
  let drewInPlace = false;
  const elapsed = () => `${((now() - started) / 1000).toFixed(1)} s`;
  return {
    update(phase, done, total) {
      const fraction = total === 0 ? 1 : Math.min(1, done / total);
      if (stream.isTTY) {
        if (now() - lastDraw < 100 && done < total) return;
        lastDraw = now();
        const width = 30;
        const filled = Math.round(fraction * width);
        const bar = `${"#".repeat(filled)}${".".repeat(width - filled)}`;
        stream.write(
          `\r${phase.padEnd(13)} [${bar}] ${(100 * fraction).toFixed(0).padStart(3)}% ${done}/${total} ${elapsed()}   `,
        );
        drewInPlace = true;
        return;
      }
      const step = Math.floor(fraction * 10);
      if ((lastStep.get(phase) ?? -1) >= step) return;
      lastStep.set(phase, step);
      stream.write(`${phase} ${step * 10}% (${done}/${total}) ${elapsed()}\n`);
    },
    finish() {
      if (drewInPlace) stream.write("\n");
      drewInPlace = false;
      lastStep = new Map();
    },
  };
}
