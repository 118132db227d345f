import type { Rng } from "../random/rng";
import { RAW_COLUMNS } from "../format/raw-format";
import { DIRTY_RULES, type DirtyRates, type DirtyRule } from "./dirty-rules";

/** The nine fields of a row as written; index = position in RAW_COLUMNS. */
export type RowFields = string[];

const ID_COLUMNS = [RAW_COLUMNS.indexOf("customer_id"), RAW_COLUMNS.indexOf("terminal_id")];
const AMOUNT = RAW_COLUMNS.indexOf("tx_amount");
const DATETIME = RAW_COLUMNS.indexOf("tx_datetime");
const MALFORMATIONS = ["truncated", "extra_fields", "bad_number", "wrong_separator"] as const;

export interface Corruption {
  readonly rule: DirtyRule;
  /** Lines to write for this row (two for a duplicate). */
  readonly lines: string[];
  readonly detail?: Record<string, string | number>;
}

/** Picks at most one rule for a row (one uniform draw against the cumulative rates). */
export function pickRule(rng: Rng, rates: DirtyRates): DirtyRule | undefined {
  const u = rng.uniform();
  let cumulative = 0;
  for (const rule of DIRTY_RULES) {
    cumulative += rates[rule];
    if (u < cumulative) return rule;
  }
  return undefined;
}

/** Applies `rule` to a clean row; every choice inside a rule comes from `rng`, so it is reproducible. */
export function corruptRow(rule: DirtyRule, fields: RowFields, rng: Rng): Corruption {
  const row = [...fields];
  switch (rule) {
    case "duplicate_id": {
      const line = row.join(",");
      return { rule, lines: [line, line] };
    }
    case "empty_field": {
      const column = rng.intBelow(RAW_COLUMNS.length);
      row[column] = "";
      return { rule, lines: [row.join(",")], detail: { column: RAW_COLUMNS[column]! } };
    }
    case "non_positive_amount": {
      const value = rng.uniform() < 0.5 ? "0.00" : `-${row[AMOUNT]}`;
      row[AMOUNT] = value;
      return { rule, lines: [row.join(",")], detail: { value } };
    }
    case "negative_id": {
      const column = ID_COLUMNS[rng.intBelow(ID_COLUMNS.length)]!;
      const id = Number(row[column]);
      const value = String(id === 0 ? -1 : -id);
      row[column] = value;
      return { rule, lines: [row.join(",")], detail: { column: RAW_COLUMNS[column]!, value } };
    }
    case "time_24": {
      const value = `${row[DATETIME]!.slice(0, 10)} 24:00:00`;
      row[DATETIME] = value;
      return { rule, lines: [row.join(",")], detail: { value } };
    }
    case "malformed": {
      const variant = MALFORMATIONS[rng.intBelow(MALFORMATIONS.length)]!;
      return { rule, lines: [malform(variant, row, rng)], detail: { variant } };
    }
  }
}

function malform(variant: (typeof MALFORMATIONS)[number], row: RowFields, rng: Rng): string {
  switch (variant) {
    case "truncated":
      return row.slice(0, 1 + rng.intBelow(row.length - 1)).join(",");
    case "extra_fields":
      return [...row, "x", String(rng.intBelow(1000))].join(",");
    case "bad_number":
      row[AMOUNT] = `${row[AMOUNT]}.${rng.intBelow(10)}x`;
      return row.join(",");
    case "wrong_separator":
      return row.join(";");
  }
}
