/** The raw transaction file format (DESIGN 4.1): one file per day, a `#` header, comma-separated rows. */
export const RAW_COLUMNS = [
  "transaction_id",
  "tx_datetime",
  "customer_id",
  "terminal_id",
  "tx_amount",
  "tx_time_seconds",
  "tx_time_days",
  "tx_fraud",
  "tx_fraud_scenario",
] as const;

export type RawColumn = (typeof RAW_COLUMNS)[number];

/** The seed dataset misspells the first column in its header; readers rely on that exact line. */
export const RAW_HEADER = `#tranaction_id | ${RAW_COLUMNS.slice(1).join(" | ")}`;

export function rawFileName(isoDate: string): string {
  return `${isoDate}.txt`;
}

export interface RawTransaction {
  readonly transactionId: number;
  /** `YYYY-MM-DD HH:MM:SS`, UTC. */
  readonly txDatetime: string;
  readonly customerId: number;
  readonly terminalId: number;
  readonly txAmount: number;
  readonly txTimeSeconds: number;
  readonly txTimeDays: number;
  readonly txFraud: number;
  readonly txFraudScenario: number;
}

const ROW_PATTERN =
  /^(\d+),(\d{4}-\d{2}-\d{2} (?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d),(\d+),(\d+),(\d+\.\d{2}),(\d+),(\d+),([01]),([0-3])$/;

/**
 * Parses one clean row strictly (the format this simulator writes when no dirt is injected); returns
 * undefined for anything else, including the header, dirty and malformed rows.
 */
export function parseRawRow(line: string): RawTransaction | undefined {
  const match = ROW_PATTERN.exec(line);
  if (match === null) return undefined;
  const amount = Number(match[5]);
  if (!(amount > 0)) return undefined;
  return {
    transactionId: Number(match[1]),
    txDatetime: match[2]!,
    customerId: Number(match[3]),
    terminalId: Number(match[4]),
    txAmount: amount,
    txTimeSeconds: Number(match[6]),
    txTimeDays: Number(match[7]),
    txFraud: Number(match[8]),
    txFraudScenario: Number(match[9]),
  };
}
