import { z } from "zod";

/** The kinds of dirt the real dataset has (DESIGN 4.1); names are shared with the cleaning job's report. */
export const DIRTY_RULES = [
  "duplicate_id",
  "empty_field",
  "non_positive_amount",
  "negative_id",
  "time_24",
  "malformed",
] as const;

export type DirtyRule = (typeof DIRTY_RULES)[number];

/** Per-row probability of each rule; a row gets at most one. All zero (clean) by default. */
export const dirtyRatesSchema = z
  .object(
    Object.fromEntries(DIRTY_RULES.map((rule) => [rule, z.number().min(0).max(1).default(0)])) as {
      [K in DirtyRule]: z.ZodDefault<z.ZodNumber>;
    },
  )
  .refine((rates) => Object.values(rates).reduce((sum, rate) => sum + rate, 0) <= 1, {
    message: "the dirty rates must add up to at most 1",
  });

export type DirtyRates = Record<DirtyRule, number>;

export function uniformDirtyRates(rate: number): DirtyRates {
  return Object.fromEntries(DIRTY_RULES.map((rule) => [rule, rate])) as DirtyRates;
}

export function isClean(rates: DirtyRates): boolean {
  return DIRTY_RULES.every((rule) => rates[rule] === 0);
}

/** One injected defect, locatable in the output: file, 1-based line (the header is line 1). */
export interface DirtyInjection {
  readonly file: string;
  readonly line: number;
  readonly transaction_id: number;
  /** Rule-specific: which column, what was written, which malformation. */
  readonly detail?: Readonly<Record<string, string | number>>;
}

export interface DirtyManifest {
  readonly seed: number;
  readonly rates: DirtyRates;
  /** Rows of the clean dataset (every transaction once). */
  readonly cleanRows: number;
  /** Data lines written (clean rows + duplicates), headers excluded. */
  readonly dataLines: number;
  readonly counts: Record<DirtyRule, number>;
  readonly total: number;
  readonly injections: Record<DirtyRule, DirtyInjection[]>;
}
