import type { FraudStepCounts } from "../model/frauds";
import type { SimulationParams } from "../model/params";
import type { TransactionTable } from "../model/transaction-table";

export interface DatasetStatistics {
  readonly transactions: number;
  readonly frauds: number;
  readonly fraudRate: number;
  /** Final TX_FRAUD_SCENARIO label counts. */
  readonly byScenario: { readonly 1: number; readonly 2: number; readonly 3: number };
  /** Frauds each scenario step newly marked while it ran. */
  readonly fraudSteps: FraudStepCounts;
  readonly transactionsPerDay: number;
}

export function datasetStatistics(
  table: TransactionTable,
  fraudSteps: FraudStepCounts,
  params: SimulationParams,
): DatasetStatistics {
  const byScenario = { 1: 0, 2: 0, 3: 0 };
  let frauds = 0;
  for (let row = 0; row < table.length; row++) {
    const scenario = table.scenario[row]!;
    if (scenario === 1 || scenario === 2 || scenario === 3) byScenario[scenario]++;
    frauds += table.fraud[row]!;
  }
  return {
    transactions: table.length,
    frauds,
    fraudRate: table.length === 0 ? 0 : frauds / table.length,
    byScenario,
    fraudSteps,
    transactionsPerDay: table.length / params.days,
  };
}

const count = (value: number) => value.toLocaleString("en-US");
const percent = (part: number, whole: number) =>
  whole === 0 ? "0.00%" : `${((100 * part) / whole).toFixed(2)}%`;

export function formatStatistics(stats: DatasetStatistics): string[] {
  const { byScenario } = stats;
  return [
    `transactions       ${count(stats.transactions)} (${count(Math.round(stats.transactionsPerDay))}/day)`,
    `frauds             ${count(stats.frauds)} (fraud rate ${(100 * stats.fraudRate).toFixed(3)}%)`,
    `  scenario 1 (amount > threshold)   ${count(byScenario[1])} (${percent(byScenario[1], stats.frauds)})`,
    `  scenario 2 (compromised terminal) ${count(byScenario[2])} (${percent(byScenario[2], stats.frauds)})`,
    `  scenario 3 (compromised card)     ${count(byScenario[3])} (${percent(byScenario[3], stats.frauds)})`,
  ];
}
