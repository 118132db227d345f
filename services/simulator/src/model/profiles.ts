import { Rng } from "../random/rng";
import { STREAM, type SimulationParams } from "./params";

/** Customer profiles, one entry per customer id (columnar: millions of rows stay cheap). */
export interface CustomerProfiles {
  readonly count: number;
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly meanAmount: Float64Array;
  readonly stdAmount: Float64Array;
  readonly meanTxPerDay: Float64Array;
}

export interface TerminalProfiles {
  readonly count: number;
  readonly x: Float64Array;
  readonly y: Float64Array;
}

/** Draws per customer in the handbook's order: x, y, mean amount, daily rate. */
export function generateCustomerProfiles(params: SimulationParams): CustomerProfiles {
  const count = params.customers;
  const rng = new Rng(params.seed, STREAM.customers);
  const profiles = {
    count,
    x: new Float64Array(count),
    y: new Float64Array(count),
    meanAmount: new Float64Array(count),
    stdAmount: new Float64Array(count),
    meanTxPerDay: new Float64Array(count),
  };
  for (let i = 0; i < count; i++) {
    profiles.x[i] = rng.uniformRange(0, 100);
    profiles.y[i] = rng.uniformRange(0, 100);
    const mean = rng.uniformRange(params.meanAmountMin, params.meanAmountMax);
    profiles.meanAmount[i] = mean;
    profiles.stdAmount[i] = mean / 2;
    profiles.meanTxPerDay[i] = rng.uniformRange(0, params.maxTxPerDay);
  }
  return profiles;
}

export function generateTerminalProfiles(params: SimulationParams): TerminalProfiles {
  const count = params.terminals;
  const rng = new Rng(params.seed, STREAM.terminals);
  const x = new Float64Array(count);
  const y = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    x[i] = rng.uniformRange(0, 100);
    y[i] = rng.uniformRange(0, 100);
  }
  return { count, x, y };
}
