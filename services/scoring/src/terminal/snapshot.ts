import zlib from "node:zlib";
import { z } from "zod";
import type { TerminalWindow } from "../features/spec";
import { dayNumber, dayNumberFromIso } from "../features/time";

/** Transaction and fraud counts of one terminal window per spec.terminalWindows entry (same order). */
export interface TerminalWindowStats {
  txCounts: readonly number[];
  fraudCounts: readonly number[];
}

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const count = z.number().int().min(0);

/** `terminal/<as-of-day>.json.gz`, written by services/training (features/snapshot.py). */
const snapshotSchema = z.looseObject({
  format: z.literal("antifraud.terminal-daily"),
  format_version: z.literal(1),
  feature_spec_version: z.string().min(1),
  as_of_day: isoDay,
  terminals: z.record(
    z.string().regex(/^\d+$/, "terminal ids are non-negative integers"),
    z.array(
      z
        .tuple([isoDay, count, count])
        .refine(([, tx, fraud]) => fraud <= tx, "the fraud count exceeds the transaction count"),
    ),
  ),
});

/** `terminal/latest.json`: the pointer replaced atomically after each snapshot is written. */
export const latestPointerSchema = z.looseObject({
  as_of_day: isoDay,
  path: z.string().regex(/^\d{4}-\d{2}-\d{2}\.json\.gz$/),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().min(1),
});

export type LatestPointer = z.infer<typeof latestPointerSchema>;

export interface SnapshotRow {
  terminal_id: number;
  day: string;
  tx_count: number;
  fraud_count: number;
}

interface TerminalSeries {
  days: Int32Array;
  /** Prefix sums: cum[i] = total over days[0 .. i-1]. */
  cumTx: Float64Array;
  cumFraud: Float64Array;
}

/**
 * Daily per-terminal transaction and fraud counts up to `asOfDay`, indexed for O(log d) window
 * sums. Terminal features are batch features: the online side only reads them.
 */
export class TerminalSnapshot {
  private constructor(
    readonly asOfDay: string,
    readonly asOfDayNumber: number,
    private readonly series: Map<number, TerminalSeries>,
    readonly rowCount: number,
  ) {}

  static fromRows(asOfDay: string, rows: readonly SnapshotRow[]): TerminalSnapshot {
    const asOf = dayNumberFromIso(asOfDay);
    if (asOf === null) throw new Error(`as_of_day ${asOfDay} is not a date`);
    const byTerminal = new Map<number, { day: number; tx: number; fraud: number }[]>();
    for (const r of rows) {
      const day = dayNumberFromIso(r.day);
      if (day === null) throw new Error(`day ${r.day} is not a date`);
      if (day > asOf)
        throw new Error(`terminal ${r.terminal_id} has day ${r.day} after as_of_day ${asOfDay}`);
      let list = byTerminal.get(r.terminal_id);
      if (!list) byTerminal.set(r.terminal_id, (list = []));
      list.push({ day, tx: r.tx_count, fraud: r.fraud_count });
    }
    const series = new Map<number, TerminalSeries>();
    for (const [terminal, list] of byTerminal) {
      list.sort((a, b) => a.day - b.day);
      const days = new Int32Array(list.length);
      const cumTx = new Float64Array(list.length + 1);
      const cumFraud = new Float64Array(list.length + 1);
      list.forEach((e, i) => {
        if (i > 0 && list[i - 1]!.day === e.day)
          throw new Error(`terminal ${terminal} has day ${e.day} twice`);
        days[i] = e.day;
        cumTx[i + 1] = cumTx[i]! + e.tx;
        cumFraud[i + 1] = cumFraud[i]! + e.fraud;
      });
      series.set(terminal, { days, cumTx, cumFraud });
    }
    return new TerminalSnapshot(asOfDay, asOf, series, rows.length);
  }

  /** Stats for each window: whole UTC days [D - delay - window, D - delay), D = day of `timeSeconds`. */
  stats(terminalId: number, timeSeconds: number, windows: readonly TerminalWindow[]): TerminalWindowStats {
    const s = this.series.get(terminalId);
    const d = dayNumber(timeSeconds);
    const txCounts = new Array<number>(windows.length).fill(0);
    const fraudCounts = new Array<number>(windows.length).fill(0);
    if (s) {
      windows.forEach((w, i) => {
        const lo = lowerBound(s.days, d - w.delayDays - w.windowDays);
        const hi = lowerBound(s.days, d - w.delayDays);
        txCounts[i] = s.cumTx[hi]! - s.cumTx[lo]!;
        fraudCounts[i] = s.cumFraud[hi]! - s.cumFraud[lo]!;
      });
    }
    return { txCounts, fraudCounts };
  }
}

function lowerBound(sorted: Int32Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Parses a snapshot and checks it was built for `specVersion` and for the day the pointer names. */
export function parseTerminalSnapshot(
  gz: Buffer,
  expected: { asOfDay: string; specVersion: string },
): TerminalSnapshot {
  const json: unknown = JSON.parse(zlib.gunzipSync(gz).toString("utf8"));
  const doc = snapshotSchema.parse(json);
  if (doc.as_of_day !== expected.asOfDay) {
    throw new Error(`the pointer names ${expected.asOfDay} but the snapshot's as_of_day is ${doc.as_of_day}`);
  }
  if (doc.feature_spec_version !== expected.specVersion) {
    throw new Error(
      `snapshot built for feature spec ${doc.feature_spec_version}, service runs ${expected.specVersion}`,
    );
  }
  const rows: SnapshotRow[] = [];
  for (const [terminal, days] of Object.entries(doc.terminals)) {
    for (const [day, tx, fraud] of days)
      rows.push({ terminal_id: Number(terminal), day, tx_count: tx, fraud_count: fraud });
  }
  return TerminalSnapshot.fromRows(doc.as_of_day, rows);
}

/** Serializes rows in the training side's snapshot format (fixtures and the local demo). */
export function encodeTerminalSnapshot(
  asOfDay: string,
  specVersion: string,
  rows: readonly SnapshotRow[],
): Buffer {
  const terminals: Record<string, [string, number, number][]> = {};
  for (const r of rows) (terminals[String(r.terminal_id)] ??= []).push([r.day, r.tx_count, r.fraud_count]);
  return zlib.gzipSync(
    JSON.stringify({
      format: "antifraud.terminal-daily",
      format_version: 1,
      feature_spec_version: specVersion,
      as_of_day: asOfDay,
      terminal_count: Object.keys(terminals).length,
      terminals,
    }),
  );
}
