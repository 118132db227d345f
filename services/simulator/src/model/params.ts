import { z } from "zod";

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "expected YYYY-MM-DD")
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), "not a calendar date");

/** The three fraud scenarios of the handbook (section 1.5), each knob settable. */
export const fraudParamsSchema = z.object({
  /** Scenario 1: every amount strictly above this is fraud. */
  amountThreshold: z.number().positive().default(220),
  /** Scenario 2: terminals compromised each day, and for how many days (window [d, d + n)). */
  compromisedTerminalsPerDay: z.number().int().nonnegative().default(2),
  terminalCompromiseDays: z.number().int().positive().default(28),
  /** Scenario 3: cards compromised each day, window length, share of their transactions hit, amount factor. */
  compromisedCustomersPerDay: z.number().int().nonnegative().default(3),
  customerCompromiseDays: z.number().int().positive().default(14),
  compromisedShare: z
    .number()
    .min(0)
    .max(1)
    .default(1 / 3),
  amountMultiplier: z.number().positive().default(5),
});

/** Handbook defaults: the book's dataset (5,000 customers, 10,000 terminals, 183 days from 2018-04-01, r = 5). */
export const simulationParamsSchema = z.object({
  customers: z.number().int().positive().default(5000),
  terminals: z.number().int().positive().default(10000),
  days: z.number().int().positive().max(36500).default(183),
  startDate: isoDate.default("2018-04-01"),
  seed: z.number().int().default(0),
  /** A customer uses the terminals strictly closer than this (the map is 100 x 100). */
  radius: z.number().positive().default(5),
  /** Customer profile ranges: mean amount ~ U(min, max), sd = mean / 2, daily rate ~ U(0, max). */
  meanAmountMin: z.number().nonnegative().default(5),
  meanAmountMax: z.number().positive().default(100),
  maxTxPerDay: z.number().nonnegative().default(4),
  /** Time of day ~ Normal(mean, sd) seconds, kept only strictly inside (0, 86400). */
  timeOfDayMeanS: z.number().default(43200),
  timeOfDaySdS: z.number().positive().default(20000),
  fraud: fraudParamsSchema.default(fraudParamsSchema.parse({})),
});

export type SimulationParams = z.infer<typeof simulationParamsSchema>;
export type SimulationParamsInput = z.input<typeof simulationParamsSchema>;
export type FraudParams = z.infer<typeof fraudParamsSchema>;

/** Validates once; the error names the key, the value and what is expected. */
export function resolveParams(input: SimulationParamsInput = {}): SimulationParams {
  const parsed = simulationParamsSchema.safeParse(input);
  if (parsed.success) {
    if (parsed.data.meanAmountMin > parsed.data.meanAmountMax) {
      throw new Error(
        `meanAmountMin (${parsed.data.meanAmountMin}) must not exceed meanAmountMax (${parsed.data.meanAmountMax})`,
      );
    }
    return parsed.data;
  }
  const details = parsed.error.issues.map((issue) => {
    const key = issue.path.join(".");
    const value = issue.path.reduce<unknown>(
      (node, part) =>
        node !== null && typeof node === "object" ? (node as Record<PropertyKey, unknown>)[part] : undefined,
      input,
    );
    return `${key} = ${JSON.stringify(value)}: ${issue.message}`;
  });
  throw new Error(`invalid simulation parameters: ${details.join("; ")}`);
}

/** Independent random streams (see Rng): one per purpose, sub-indexed by customer or day. */
export const STREAM = {
  customers: 1,
  terminals: 2,
  customerTransactions: 3,
  compromisedTerminals: 4,
  compromisedCustomers: 5,
  dirtyData: 6,
} as const;
