import { corruptRow, pickRule } from "../dirty/row-corruptor";
import type { DirtyInjection, DirtyRates, DirtyRule } from "../dirty/dirty-rules";
import { STREAM } from "../model/params";
import { SECONDS_PER_DAY, type TransactionTable } from "../model/transaction-table";
import { Rng } from "../random/rng";
import { addDays, clockTime, formatCents } from "./datetime";
import { RAW_HEADER, rawFileName } from "./raw-format";

export interface DayFile {
  readonly name: string;
  readonly content: string;
  readonly rows: number;
  readonly dataLines: number;
  readonly injections: ReadonlyArray<{ rule: DirtyRule; injection: DirtyInjection }>;
}

export interface DirtyOptions {
  readonly rates: DirtyRates;
  readonly seed: number;
}

/** Day `day` of the table as a raw file (DESIGN 4.1), optionally with injected dirt. */
export function formatDayFile(
  table: TransactionTable,
  day: number,
  startDate: string,
  dirty?: DirtyOptions,
): DayFile {
  const date = addDays(startDate, day);
  const name = rawFileName(date);
  const first = table.dayOffsets[day]!;
  const last = table.dayOffsets[day + 1]!;
  const lines: string[] = [RAW_HEADER];
  const injections: { rule: DirtyRule; injection: DirtyInjection }[] = [];
  const rng = dirty === undefined ? undefined : new Rng(dirty.seed, STREAM.dirtyData, day);
  const datePrefix = `${date} `;
  const dayText = String(day);
  const dayStart = day * SECONDS_PER_DAY;
  for (let row = first; row < last; row++) {
    const time = table.timeSeconds[row]!;
    const line = `${row},${datePrefix}${clockTime(time - dayStart)},${table.customerId[row]},${table.terminalId[row]},${formatCents(table.amountCents[row]!)},${time},${dayText},${table.fraud[row]},${table.scenario[row]}`;
    const rule = rng === undefined ? undefined : pickRule(rng, dirty!.rates);
    if (rule === undefined) {
      lines.push(line);
      continue;
    }
    const corruption = corruptRow(rule, line.split(","), rng!);
    lines.push(...corruption.lines);
    injections.push({
      rule,
      injection: {
        file: name,
        line: lines.length,
        transaction_id: row,
        ...(corruption.detail === undefined ? {} : { detail: corruption.detail }),
      },
    });
  }
  return {
    name,
    content: lines.join("\n") + "\n",
    rows: last - first,
    dataLines: lines.length - 1,
    injections,
  };
}
