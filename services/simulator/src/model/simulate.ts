import { applyFraudScenarios, type FraudStepCounts } from "./frauds";
import { resolveParams, type SimulationParams, type SimulationParamsInput } from "./params";
import {
  generateCustomerProfiles,
  generateTerminalProfiles,
  type CustomerProfiles,
  type TerminalProfiles,
} from "./profiles";
import { findNeighbourhoods, type Neighbourhoods } from "./terminal-neighbourhoods";
import { generateTransactions } from "./transactions";
import type { TransactionTable } from "./transaction-table";

export interface Simulation {
  readonly params: SimulationParams;
  readonly customers: CustomerProfiles;
  readonly terminals: TerminalProfiles;
  readonly neighbourhoods: Neighbourhoods;
  readonly table: TransactionTable;
  readonly fraudSteps: FraudStepCounts;
}

export type SimulationPhase = "profiles" | "transactions" | "frauds";

/** Profiles, transactions and frauds, in memory. Pure function of the parameters (seed included). */
export function simulate(
  input: SimulationParamsInput = {},
  onProgress?: (phase: SimulationPhase, done: number, total: number) => void,
): Simulation {
  const params = resolveParams(input);
  onProgress?.("profiles", 0, 1);
  const customers = generateCustomerProfiles(params);
  const terminals = generateTerminalProfiles(params);
  const neighbourhoods = findNeighbourhoods(customers, terminals, params.radius);
  onProgress?.("profiles", 1, 1);
  const table = generateTransactions(params, customers, neighbourhoods, (done) =>
    onProgress?.("transactions", done, params.customers),
  );
  onProgress?.("frauds", 0, 1);
  const fraudSteps = applyFraudScenarios(table, params);
  onProgress?.("frauds", 1, 1);
  return { params, customers, terminals, neighbourhoods, table, fraudSteps };
}
