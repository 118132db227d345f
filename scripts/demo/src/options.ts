import { parseArgs } from "node:util";
import { z } from "zod";

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** Every flag of `npm run demo`, with the embedded default. */
export const demoOptionsSchema = z.object({
  customers: int(10, 100_000).default(2000),
  terminals: int(10, 200_000).default(4000),
  /** Simulated days; the last `streamDays` are streamed, the rest train the model. */
  days: int(40, 3650).default(84),
  start: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .default("2018-04-01"),
  seed: int(0, 2 ** 31 - 1).default(1),
  /** Days after the training data streamed through Kafka (the terminal snapshot serves at most 7). */
  streamDays: int(1, 7).default(7),
  trainDays: int(7, 120).default(21),
  folds: int(1, 4).default(2),
  resamples: int(1000, 100_000).default(1000),
  /** Labels reach the `labels` topic this long after their transaction was acknowledged. */
  labelDelayMs: int(0, 600_000).default(2000),
  /** Seconds of single-transaction HTTP load for the latency figures (0 skips it). */
  httpSeconds: int(0, 600).default(10),
  /**
   * A second simulated day: the scheduled DAGs (daily refresh, retrain) run on Airflow for the first
   * streamed day while the scorers keep serving.
   */
  dayTwo: z.enum(["on", "off"]).default("on"),
  out: z.string().min(1).default(".local/demo"),
});

export type DemoOptions = z.infer<typeof demoOptionsSchema>;

const FLAGS = {
  customers: "number of simulated customers",
  terminals: "number of simulated terminals",
  days: "simulated days (the last --stream-days are streamed, the rest train the model)",
  start: "first simulated day, YYYY-MM-DD",
  seed: "simulation and training seed",
  "stream-days": "days streamed through Kafka after the training data (1..7)",
  "train-days": "training window in days",
  folds: "prequential validation folds",
  resamples: "paired bootstrap resamples",
  "label-delay-ms": "delay before each label is published",
  "http-seconds": "seconds of HTTP load for latency figures (0 skips)",
  "day-two": "on|off: the scheduled DAGs refresh features and retrain on Airflow (default on)",
  out: "working folder (raw data, models, logs, report)",
} as const;

export const USAGE = [
  "usage: npm run demo -- [flags]",
  ...Object.entries(FLAGS).map(([flag, help]) => `  --${flag.padEnd(16)} ${help}`),
].join("\n");

const camel = (flag: string) => flag.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());

/** Parses argv; a bad value fails with the flag, the value and the allowed range. */
export function parseDemoOptions(argv: readonly string[]): DemoOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: Object.fromEntries(Object.keys(FLAGS).map((flag) => [flag, { type: "string" as const }])),
    strict: true,
  });
  const input = Object.fromEntries(Object.entries(values).map(([flag, value]) => [camel(flag), value]));
  const parsed = demoOptionsSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = String(issue?.path[0] ?? "");
    const flag = key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    throw new Error(`--${flag}=${String(input[key])}: ${issue?.message ?? "invalid"}\n${USAGE}`);
  }
  if (parsed.data.days < parsed.data.streamDays + parsed.data.trainDays + 7 + 30) {
    throw new Error(
      `--days=${parsed.data.days} is too short: it needs --stream-days + --train-days + 7 (delay) + 30 ` +
        `(feature history) = ${parsed.data.streamDays + parsed.data.trainDays + 37} days`,
    );
  }
  return parsed.data;
}
