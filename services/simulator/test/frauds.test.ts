import { applyFraudScenarios } from "../src/model/frauds";
import { resolveParams, type SimulationParamsInput } from "../src/model/params";
import { simulate } from "../src/model/simulate";
import { dayOf, type TransactionTable } from "../src/model/transaction-table";

const small: SimulationParamsInput = { customers: 300, terminals: 600, days: 40, seed: 5 };

function rowsWhere(table: TransactionTable, predicate: (row: number) => boolean): number[] {
  return Array.from({ length: table.length }, (_, row) => row).filter(predicate);
}

describe("fraud scenarios", () => {
  it("scenario 1 marks amounts strictly above the threshold only", () => {
    const none = { compromisedTerminalsPerDay: 0, compromisedCustomersPerDay: 0 };
    const { table } = simulate({ ...small, fraud: { ...none, amountThreshold: 60 } });
    expect(rowsWhere(table, (row) => table.fraud[row] === 1)).toEqual(
      rowsWhere(table, (row) => table.amountCents[row]! > 6000),
    );
    expect(rowsWhere(table, (row) => table.fraud[row] === 1).every((row) => table.scenario[row] === 1)).toBe(
      true,
    );
    const params = resolveParams({ ...small, fraud: { ...none, amountThreshold: 60 } });
    // Exactly at the threshold is genuine.
    const edge: TransactionTable = {
      ...table,
      length: 2,
      days: 1,
      amountCents: Float64Array.of(6000, 6001),
      fraud: new Uint8Array(2),
      scenario: new Uint8Array(2),
      timeSeconds: Int32Array.of(10, 20),
      customerId: Int32Array.of(0, 0),
      terminalId: Int32Array.of(0, 0),
      dayOffsets: Int32Array.of(0, 2),
    };
    applyFraudScenarios(edge, params);
    expect(Array.from(edge.fraud)).toEqual([0, 1]);
  });

  it("scenario 2 with every terminal compromised daily for 1 day marks all days but the last", () => {
    const { table, fraudSteps } = simulate({
      ...small,
      terminals: 50,
      fraud: {
        amountThreshold: 1e9,
        compromisedCustomersPerDay: 0,
        compromisedTerminalsPerDay: 50,
        terminalCompromiseDays: 1,
      },
    });
    const lastDay = small.days! - 1;
    expect(rowsWhere(table, (row) => table.fraud[row] === 1)).toEqual(
      rowsWhere(table, (row) => dayOf(table, row) < lastDay),
    );
    expect(fraudSteps).toEqual({ scenario1: 0, scenario2: table.dayOffsets[lastDay], scenario3: 0 });
  });

  it("scenario 2 keeps a terminal compromised for exactly the window after its draw", () => {
    // One terminal in total: drawn every day, so with a 3-day window every day up to the last is covered
    // (the last draw, on day days - 2, covers days - 2 .. days; draws never happen on the last day).
    const { table } = simulate({
      ...small,
      terminals: 1,
      fraud: {
        amountThreshold: 1e9,
        compromisedCustomersPerDay: 0,
        compromisedTerminalsPerDay: 1,
        terminalCompromiseDays: 3,
      },
    });
    expect(table.fraud.every((flag) => flag === 1)).toBe(true);
  });

  it("scenario 3 multiplies the amounts of the rows it picks and keeps label 3 above the scenario-1 threshold", () => {
    const fraud = { compromisedTerminalsPerDay: 0, compromisedCustomersPerDay: 3, amountThreshold: 150 };
    const plain = simulate({ ...small, fraud: { ...fraud, amountMultiplier: 1 } }).table;
    const multiplied = simulate({ ...small, fraud: { ...fraud, amountMultiplier: 5 } }).table;
    const picked = rowsWhere(multiplied, (row) => multiplied.scenario[row] === 3);
    expect(picked.length).toBeGreaterThan(0);
    expect(rowsWhere(plain, (row) => plain.scenario[row] === 3)).toEqual(picked);
    for (const row of picked) {
      const ratio = multiplied.amountCents[row]! / plain.amountCents[row]!;
      expect([5, 25, 125]).toContain(Math.round(ratio));
    }
    expect(picked.some((row) => multiplied.amountCents[row]! > 15000)).toBe(true);
    const changedElsewhere = rowsWhere(
      multiplied,
      (row) => multiplied.scenario[row] !== 3 && multiplied.amountCents[row] !== plain.amountCents[row],
    );
    expect(changedElsewhere).toEqual([]);
  });

  it("scenario 3 picks a third of a lone card's transactions in each 14-day window", () => {
    // One customer, drawn every day; windows overlap, so the first draw alone hits floor(n/3) rows of days 0-13.
    const params = { customers: 1, terminals: 20, days: 2, seed: 9, radius: 200, maxTxPerDay: 40 };
    const { table, fraudSteps } = simulate({
      ...params,
      fraud: {
        amountThreshold: 1e9,
        compromisedTerminalsPerDay: 0,
        compromisedCustomersPerDay: 1,
        amountMultiplier: 1,
      },
    });
    // Draws happen on day 0 only (days - 1 = 1 loop iteration); its window covers both days.
    expect(fraudSteps.scenario3).toBe(Math.floor(table.length / 3));
  });

  it("labels every fraud with its scenario and leaves genuine rows at scenario 0", () => {
    const { table } = simulate(small);
    const inconsistent = rowsWhere(table, (row) => (table.fraud[row] === 1) !== (table.scenario[row] !== 0));
    expect(inconsistent).toEqual([]);
    expect(rowsWhere(table, (row) => table.fraud[row] === 1).length).toBeGreaterThan(0);
  });
});
