import pricesJson from "./price-table.json";

export type PriceUnit = "vCPU-hour" | "GB-hour" | "GB-month" | "hour";

export interface PriceItem {
  readonly id: string;
  readonly item: string;
  readonly unit: PriceUnit;
  /** RUB including VAT, per unit. */
  readonly price: number;
  readonly vintage: "A" | "B" | "C";
  readonly effectiveDate: string;
  readonly source: string;
  /** Set when the row is a documented stand-in copied from another row (no own figure exists). */
  readonly standInFor?: string;
}

export interface MissingPrice {
  readonly id: string;
  readonly item: string;
  readonly treatment: string;
}

export interface PriceTable {
  readonly currency: "RUB";
  readonly vatIncluded: boolean;
  readonly priceTableDate: string;
  readonly hoursPerMonth: number;
  readonly items: readonly PriceItem[];
  readonly missing: readonly MissingPrice[];
}

/** The committed price table (infra/cost/price-table.json). */
export const PRICE_TABLE: PriceTable = pricesJson as PriceTable;

export class MissingPriceError extends Error {
  constructor(
    readonly priceId: string,
    why: string,
  ) {
    super(
      `no price '${priceId}' in the price table (${why}); add a sourced row to infra/cost/price-table.json`,
    );
    this.name = "MissingPriceError";
  }
}

export function findPrice(prices: PriceTable, id: string, why: string): PriceItem {
  const row = prices.items.find((p) => p.id === id);
  if (!row) throw new MissingPriceError(id, why);
  return row;
}
