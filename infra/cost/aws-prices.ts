/**
 * The committed AWS price table (infra/cost/aws-price-table.json): USD list prices per region, each row
 * with its pricing page, the date it was recorded and whether the figure could be checked on this machine.
 */
import tableJson from "./aws-price-table.json";

/** Regions the table has list prices for (the config's aws.region accepts exactly these). */
export const AWS_PRICED_REGIONS = ["us-east-1", "eu-central-1"] as const;
export type AwsRegion = (typeof AWS_PRICED_REGIONS)[number];

/** `GB` and `LCU-hour` rows are usage-based: listed for reference, never priced by the estimator. */
export type AwsPriceUnit = "hour" | "GB-month" | "month" | "GB" | "LCU-hour";

export interface AwsPriceRow {
  readonly id: string;
  readonly item: string;
  readonly unit: AwsPriceUnit;
  /** USD before tax, per unit. */
  readonly price: number;
  /** The public AWS pricing page the figure is AWS's list price on. */
  readonly source: string;
  /** When the figure was recorded in the table. */
  readonly date: string;
  /** True only when the figure was seen on this machine in the copy named in `seenIn` (see `verification`). */
  readonly verified: boolean;
  readonly seenIn?: string;
  /** How an unverified figure was obtained (transcribed or derived). */
  readonly basis?: string;
}

export interface AwsExcludedCharge {
  readonly id: string;
  readonly item: string;
  readonly treatment: string;
}

export interface AwsPriceTable {
  readonly currency: "USD";
  readonly taxIncluded: boolean;
  readonly priceTableDate: string;
  /** 730: AWS's own hours-per-month convention (24 x 365 / 12). */
  readonly hoursPerMonth: number;
  readonly source: string;
  readonly policy: string;
  /** What `verified` does and does not mean for this table. */
  readonly verification: string;
  readonly regions: Readonly<
    Record<AwsRegion, { readonly name: string; readonly items: readonly AwsPriceRow[] }>
  >;
  /** Charges the estimator leaves out (usage-based), reported in its notes. */
  readonly excluded: readonly AwsExcludedCharge[];
}

export const AWS_PRICE_TABLE: AwsPriceTable = tableJson as AwsPriceTable;

export class MissingAwsPriceError extends Error {
  constructor(
    readonly region: string,
    readonly priceId: string,
    why: string,
  ) {
    super(
      `no price '${priceId}' for ${region} in the AWS price table (${why}); ` +
        "add a sourced row to infra/cost/aws-price-table.json",
    );
    this.name = "MissingAwsPriceError";
  }
}

export function findAwsPrice(table: AwsPriceTable, region: AwsRegion, id: string, why: string): AwsPriceRow {
  const row = table.regions[region]?.items.find((p) => p.id === id);
  if (!row) throw new MissingAwsPriceError(region, id, why);
  return row;
}
