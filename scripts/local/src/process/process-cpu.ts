import type { ChildProcess } from "node:child_process";
import fs from "node:fs";

/** A process to measure: a child we spawned, or a process group (the local servers run in their own). */
export type Measured = ChildProcess | { group: number } | { pid: number };

/** (pid, pgrp, utime + stime in ticks) of one /proc/<pid>/stat, or undefined when it is gone. */
function procStat(pid: number | string): { pgrp: number; ticks: number } | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // Fields 5, 14 and 15 of proc(5) (pgrp, utime, stime), counted from after the command name.
    return { pgrp: Number(fields[2]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds (user + system) used so far, from /proc; undefined where there is no /proc. Per-item
 * CPU is the figure that stays comparable when other work shares the machine.
 */
export function cpuSeconds(target: Measured): number | undefined {
  if ("group" in target) {
    if (!fs.existsSync("/proc")) return undefined;
    let ticks = 0;
    for (const pid of fs.readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
      const stat = procStat(pid);
      if (stat?.pgrp === target.group) ticks += stat.ticks;
    }
    return ticks / CLOCK_TICKS;
  }
  const stat = target.pid === undefined ? undefined : procStat(target.pid);
  return stat === undefined ? undefined : stat.ticks / CLOCK_TICKS;
}
/** USER_HZ: /proc reports CPU time in these ticks, 100 per second on Linux. */
const CLOCK_TICKS = 100;

export const perItem = (cpu: number | undefined, items: number) =>
  cpu === undefined ? "n/a" : `${((cpu / items) * 1e6).toFixed(1)} µs`;

/** CPU seconds of several processes, sampled together. */
export function cpuOf(pids: Record<string, Measured>): Record<string, number | undefined> {
  return Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)]));
}

/** Per-item CPU of each process between two samples, e.g. "worker 20.1 µs, broker 9.0 µs". */
export function cpuPerItem(
  before: Record<string, number | undefined>,
  after: Record<string, number | undefined>,
  items: number,
): string {
  return Object.keys(after)
    .map((name) => {
      const [a, b] = [before[name], after[name]];
      return `${name} ${perItem(a === undefined || b === undefined ? undefined : b - a, items)}`;
    })
    .join(", ");
}

/** Peak resident memory of a process (VmHWM), MiB; undefined where there is no /proc. */
export function peakRssMiB(pid: number | undefined): number | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kib = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
    return kib === undefined ? undefined : Number(kib) / 1024;
  } catch {
    return undefined;
  }
}
