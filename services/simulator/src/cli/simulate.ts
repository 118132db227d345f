/**
 * npm run simulate -- --out DIR|s3://bucket/prefix [--customers N --terminals N --days N
 *   --start YYYY-MM-DD --seed N --radius R --dirty-rate P --dirty-<rule>-rate P ...]   (--help lists all)
 */
import { parseArgs } from "node:util";
import { generateDataset } from "../dataset/generate-dataset";
import { formatStatistics } from "../dataset/summary";
import { DIRTY_RULES, type DirtyRates } from "../dirty/dirty-rules";
import { defined, numberFlag, stringFlag } from "./flags";
import { createProgress } from "./progress";

const NUMBER_FLAGS = {
  customers: "customers (default 5000)",
  terminals: "terminals (default 10000)",
  days: "days to simulate (default 183)",
  seed: "random seed (default 0)",
  radius: "a customer uses terminals closer than this, on a 100 x 100 map (default 5)",
  "mean-amount-min": "lowest customer mean amount (default 5)",
  "mean-amount-max": "highest customer mean amount (default 100)",
  "max-tx-per-day": "highest customer daily rate (default 4)",
  "time-mean": "mean time of day in seconds (default 43200)",
  "time-sd": "sd of the time of day in seconds (default 20000)",
  "fraud-amount-threshold": "scenario 1: amounts above this are fraud (default 220)",
  "compromised-terminals-per-day": "scenario 2: terminals compromised per day (default 2)",
  "terminal-compromise-days": "scenario 2: days a terminal stays compromised (default 28)",
  "compromised-customers-per-day": "scenario 3: cards compromised per day (default 3)",
  "customer-compromise-days": "scenario 3: days a card stays compromised (default 14)",
  "compromised-share": "scenario 3: share of the card's transactions hit (default 1/3)",
  "amount-multiplier": "scenario 3: amount factor (default 5)",
  "dirty-rate": "rate of every dirty-data rule (default 0: clean)",
  ...Object.fromEntries(
    DIRTY_RULES.map((rule) => [`dirty-${rule.replace(/_/g, "-")}-rate`, `rate of ${rule} rows`]),
  ),
} as const;

const STRING_FLAGS = {
  out: "output folder or s3://bucket/prefix (required)",
  start: "first day, YYYY-MM-DD (default 2018-04-01)",
  "s3-endpoint": "S3-compatible endpoint (default: AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL)",
  "s3-region": "S3 region (default: AWS_REGION or ru-central1)",
} as const;

function usage(): string {
  const rows = Object.entries({ ...STRING_FLAGS, ...NUMBER_FLAGS }).map(
    ([flag, text]) => `  --${flag.padEnd(32)}${text}`,
  );
  return [
    "usage: npm run simulate -- --out DIR [options]",
    ...rows,
    "  --quiet                           no progress",
  ].join("\n");
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      ...Object.fromEntries(
        Object.keys({ ...NUMBER_FLAGS, ...STRING_FLAGS }).map((flag) => [flag, { type: "string" }]),
      ),
      help: { type: "boolean" },
      quiet: { type: "boolean" },
    },
    strict: true,
  });
  if (values.help) {
    console.log(usage());
    return;
  }
  const out = stringFlag(values, "out");
  if (out === undefined) throw new Error(`--out is required\n${usage()}`);
  const n = (flag: keyof typeof NUMBER_FLAGS) => numberFlag(values, flag);
  const everyRule = n("dirty-rate") ?? 0;
  const dirtyRates = Object.fromEntries(
    DIRTY_RULES.map((rule) => [
      rule,
      numberFlag(values, `dirty-${rule.replace(/_/g, "-")}-rate`) ?? everyRule,
    ]),
  ) as DirtyRates;
  const endpoint = stringFlag(values, "s3-endpoint");
  const region = stringFlag(values, "s3-region");
  const progress = createProgress();
  const summary = await generateDataset({
    out,
    params: defined({
      customers: n("customers"),
      terminals: n("terminals"),
      days: n("days"),
      startDate: stringFlag(values, "start"),
      seed: n("seed"),
      radius: n("radius"),
      meanAmountMin: n("mean-amount-min"),
      meanAmountMax: n("mean-amount-max"),
      maxTxPerDay: n("max-tx-per-day"),
      timeOfDayMeanS: n("time-mean"),
      timeOfDaySdS: n("time-sd"),
      fraud: defined({
        amountThreshold: n("fraud-amount-threshold"),
        compromisedTerminalsPerDay: n("compromised-terminals-per-day"),
        terminalCompromiseDays: n("terminal-compromise-days"),
        compromisedCustomersPerDay: n("compromised-customers-per-day"),
        customerCompromiseDays: n("customer-compromise-days"),
        compromisedShare: n("compromised-share"),
        amountMultiplier: n("amount-multiplier"),
      }),
    }),
    dirtyRates,
    ...(endpoint === undefined ? {} : { endpoint }),
    ...(region === undefined ? {} : { region }),
    ...(values.quiet ? {} : { onProgress: (phase, done, total) => progress.update(phase, done, total) }),
  });
  progress.finish();
  const lines = [
    ...formatStatistics(summary),
    `files              ${summary.files.length} day files in ${summary.location}`,
    `time               simulate ${(summary.simulateMs / 1000).toFixed(1)} s, write ${(summary.writeMs / 1000).toFixed(1)} s`,
  ];
  if (summary.dirty !== undefined) {
    const counts = DIRTY_RULES.map((rule) => `${rule} ${summary.dirty!.counts[rule]}`).join(", ");
    lines.push(
      `dirty rows         ${summary.dirty.total}: ${counts} (manifest ${summary.dirty.manifestFile})`,
    );
  }
  console.log(lines.join("\n"));
}

main().catch((error: unknown) => {
  console.error(`simulate failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
