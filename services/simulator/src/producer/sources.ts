import { createReadStream } from "node:fs";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { addDays, clockTime, formatCents } from "../format/datetime";
import { parseRawRow } from "../format/raw-format";
import type { SimulationParamsInput } from "../model/params";
import { simulate } from "../model/simulate";
import { SECONDS_PER_DAY } from "../model/transaction-table";
import type { TransactionRecord } from "./messages";

export interface FileSourceOptions {
  /** Inclusive `YYYY-MM-DD` bounds on the file names. */
  readonly from?: string;
  readonly to?: string;
  /** Rows per yielded chunk. Default 5000. */
  readonly chunkSize?: number;
  /** Called for every line that is not a clean row (header excluded), e.g. injected dirt. */
  readonly onInvalidLine?: (file: string, lineNumber: number, line: string) => void;
}

/** The day files of a folder (names `YYYY-MM-DD.txt`), in date order, within the bounds. */
export async function rawDayFiles(folder: string, from?: string, to?: string): Promise<string[]> {
  const names = (await readdir(folder)).filter((name) => /^\d{4}-\d{2}-\d{2}\.txt$/.test(name)).sort();
  return names
    .filter(
      (name) =>
        (from === undefined || name.slice(0, 10) >= from) && (to === undefined || name.slice(0, 10) <= to),
    )
    .map((name) => join(folder, name));
}

/** Replays raw files row by row; rows that are not clean are reported to `onInvalidLine` and skipped. */
export async function* rawFileSource(
  folder: string,
  options: FileSourceOptions = {},
): AsyncGenerator<TransactionRecord[]> {
  const chunkSize = options.chunkSize ?? 5000;
  const files = await rawDayFiles(folder, options.from, options.to);
  if (files.length === 0) throw new Error(`no YYYY-MM-DD.txt files in ${folder} within the given dates`);
  let chunk: TransactionRecord[] = [];
  for (const file of files) {
    let lineNumber = 0;
    for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
      lineNumber++;
      if (line.startsWith("#")) continue;
      const row = parseRawRow(line);
      if (row === undefined) {
        options.onInvalidLine?.(file, lineNumber, line);
        continue;
      }
      chunk.push({
        transaction_id: row.transactionId,
        tx_datetime: row.txDatetime,
        customer_id: row.customerId,
        terminal_id: row.terminalId,
        tx_amount: row.txAmount,
        tx_fraud: row.txFraud,
      });
      if (chunk.length >= chunkSize) {
        yield chunk;
        chunk = [];
      }
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** Generates the dataset in memory and yields it day by day (live mode: no files needed). */
export function* generatedSource(params: SimulationParamsInput = {}): Generator<TransactionRecord[]> {
  const { params: resolved, table } = simulate(params);
  for (let day = 0; day < table.days; day++) {
    const date = addDays(resolved.startDate, day);
    const records: TransactionRecord[] = [];
    for (let row = table.dayOffsets[day]!; row < table.dayOffsets[day + 1]!; row++) {
      records.push({
        transaction_id: row,
        tx_datetime: `${date} ${clockTime(table.timeSeconds[row]! - day * SECONDS_PER_DAY)}`,
        customer_id: table.customerId[row]!,
        terminal_id: table.terminalId[row]!,
        tx_amount: Number(formatCents(table.amountCents[row]!)),
        tx_fraud: table.fraud[row]!,
      });
    }
    yield records;
  }
}
