import { Rng } from "../random/rng";
import { STREAM, type SimulationParams } from "./params";
import type { CustomerProfiles } from "./profiles";
import type { Neighbourhoods } from "./terminal-neighbourhoods";
import { SECONDS_PER_DAY, TransactionColumnsBuilder, type TransactionTable } from "./transaction-table";

/**
 * Daily transactions of every customer (handbook 1.3), each customer from its own random stream:
 * count ~ Poisson(rate); time of day ~ Normal, dropped outside (0, 86400); amount ~ Normal(mean, sd),
 * redrawn from U(0, 2 * mean) when negative, rounded to cents (at least one cent: a zero amount
 * would read as dirt to the cleaning job); terminal uniform among the customer's.
 */
export function generateTransactions(
  params: SimulationParams,
  customers: CustomerProfiles,
  neighbourhoods: Neighbourhoods,
  onCustomerDone?: (done: number) => void,
): TransactionTable {
  const expected = customers.meanTxPerDay.reduce((sum, rate) => sum + rate, 0) * params.days;
  const columns = new TransactionColumnsBuilder(Math.ceil(expected * 1.05));
  const { offsets, terminalIds } = neighbourhoods;
  for (let c = 0; c < customers.count; c++) {
    const first = offsets[c]!;
    const available = offsets[c + 1]! - first;
    if (available > 0) {
      const rng = new Rng(params.seed, STREAM.customerTransactions, c);
      const rate = customers.meanTxPerDay[c]!;
      const mean = customers.meanAmount[c]!;
      const sd = customers.stdAmount[c]!;
      for (let day = 0; day < params.days; day++) {
        const count = rng.poisson(rate);
        for (let k = 0; k < count; k++) {
          const time = Math.trunc(rng.normal(params.timeOfDayMeanS, params.timeOfDaySdS));
          if (time <= 0 || time >= SECONDS_PER_DAY) continue;
          let amount = rng.normal(mean, sd);
          if (amount < 0) amount = rng.uniformRange(0, 2 * mean);
          const terminal = terminalIds[first + rng.intBelow(available)]!;
          columns.push(day * SECONDS_PER_DAY + time, c, terminal, Math.max(1, Math.round(amount * 100)));
        }
      }
    }
    if (onCustomerDone !== undefined && (c & 255) === 255) onCustomerDone(c + 1);
  }
  onCustomerDone?.(customers.count);
  return columns.toSortedTable(params.days);
}
