import { Rng } from "../random/rng";
import { STREAM, type FraudParams, type SimulationParams } from "./params";
import { dayOf, type TransactionTable } from "./transaction-table";

/** Frauds each scenario step newly marked as it ran (a later step may relabel earlier ones). */
export interface FraudStepCounts {
  readonly scenario1: number;
  readonly scenario2: number;
  readonly scenario3: number;
}

/**
 * The handbook's three scenarios (section 1.5), applied in order 1, 2, 3 to the table in place.
 * Draws for scenarios 2 and 3 happen on days 0 .. days - 2 (the handbook loops to the last day, excluded),
 * each day from its own random stream, so the scenarios do not depend on each other's draws.
 */
export function applyFraudScenarios(table: TransactionTable, params: SimulationParams): FraudStepCounts {
  const scenario1 = markLargeAmounts(table, params.fraud);
  const scenario2 = markCompromisedTerminals(table, params.fraud, params.seed, params.terminals);
  const scenario3 = markCompromisedCards(table, params.fraud, params.seed, params.customers);
  return { scenario1, scenario2, scenario3 };
}

function mark(table: TransactionTable, row: number, scenario: number): number {
  const isNew = table.fraud[row] === 0 ? 1 : 0;
  table.fraud[row] = 1;
  table.scenario[row] = scenario;
  return isNew;
}

function markLargeAmounts(table: TransactionTable, fraud: FraudParams): number {
  const thresholdCents = fraud.amountThreshold * 100;
  let marked = 0;
  for (let row = 0; row < table.length; row++) {
    if (table.amountCents[row]! > thresholdCents) marked += mark(table, row, 1);
  }
  return marked;
}

function markCompromisedTerminals(
  table: TransactionTable,
  fraud: FraudParams,
  seed: number,
  terminalCount: number,
): number {
  // compromisedUntil[t] > day  <=>  some draw on a day d <= day covers t for [d, d + window).
  const compromisedUntil = new Int32Array(terminalCount);
  let marked = 0;
  for (let day = 0; day < table.days; day++) {
    if (day < table.days - 1) {
      const rng = new Rng(seed, STREAM.compromisedTerminals, day);
      const draws = Math.min(fraud.compromisedTerminalsPerDay, terminalCount);
      for (const terminal of rng.sampleDistinct(terminalCount, draws)) {
        compromisedUntil[terminal] = Math.max(
          compromisedUntil[terminal]!,
          day + fraud.terminalCompromiseDays,
        );
      }
    }
    for (let row = table.dayOffsets[day]!; row < table.dayOffsets[day + 1]!; row++) {
      if (compromisedUntil[table.terminalId[row]!]! > day) marked += mark(table, row, 2);
    }
  }
  return marked;
}

/** Rows of each customer in time order (CSR), to find a card's transactions in a window. */
function rowsByCustomer(
  table: TransactionTable,
  customerCount: number,
): { offsets: Int32Array; rows: Int32Array } {
  const offsets = new Int32Array(customerCount + 1);
  for (let row = 0; row < table.length; row++) offsets[table.customerId[row]! + 1]!++;
  for (let c = 0; c < customerCount; c++) offsets[c + 1]! += offsets[c]!;
  const fill = offsets.slice(0, customerCount);
  const rows = new Int32Array(table.length);
  for (let row = 0; row < table.length; row++) rows[fill[table.customerId[row]!]!++] = row;
  return { offsets, rows };
}

function markCompromisedCards(
  table: TransactionTable,
  fraud: FraudParams,
  seed: number,
  customerCount: number,
): number {
  const { offsets, rows } = rowsByCustomer(table, customerCount);
  let marked = 0;
  for (let day = 0; day < table.days - 1; day++) {
    const rng = new Rng(seed, STREAM.compromisedCustomers, day);
    const cards = rng.sampleDistinct(
      customerCount,
      Math.min(fraud.compromisedCustomersPerDay, customerCount),
    );
    const windowRows: number[] = [];
    for (const card of cards) {
      for (let i = offsets[card]!; i < offsets[card + 1]!; i++) {
        const row = rows[i]!;
        const rowDay = dayOf(table, row);
        if (rowDay >= day + fraud.customerCompromiseDays) break;
        if (rowDay >= day) windowRows.push(row);
      }
    }
    windowRows.sort((a, b) => a - b);
    const picks = Math.floor(windowRows.length * fraud.compromisedShare + 1e-9);
    // Partial Fisher-Yates: the first `picks` entries become a uniform sample without replacement.
    for (let i = 0; i < picks; i++) {
      const j = i + rng.intBelow(windowRows.length - i);
      const row = windowRows[j]!;
      windowRows[j] = windowRows[i]!;
      windowRows[i] = row;
      table.amountCents[row] = Math.round(table.amountCents[row]! * fraud.amountMultiplier);
      marked += mark(table, row, 3);
    }
  }
  return marked;
}
