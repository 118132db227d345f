import fc from "fast-check";
import { resolveParams } from "../src/model/params";
import { generateCustomerProfiles, generateTerminalProfiles } from "../src/model/profiles";
import { findNeighbourhoods } from "../src/model/terminal-neighbourhoods";

describe("findNeighbourhoods", () => {
  it("finds exactly the terminals strictly closer than the radius, ascending (grid = brute force)", () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 400 }),
        fc.double({ min: 0.5, max: 150, noNaN: true }),
        (seed, customers, terminals, radius) => {
          const params = resolveParams({ seed, customers, terminals: Math.max(1, terminals), radius });
          const c = generateCustomerProfiles(params);
          const t = generateTerminalProfiles(params);
          const { offsets, terminalIds } = findNeighbourhoods(c, t, radius);
          for (let i = 0; i < c.count; i++) {
            const expected: number[] = [];
            for (let j = 0; j < t.count; j++) {
              if ((t.x[j]! - c.x[i]!) ** 2 + (t.y[j]! - c.y[i]!) ** 2 < radius * radius) expected.push(j);
            }
            expect(Array.from(terminalIds.subarray(offsets[i], offsets[i + 1]))).toEqual(expected);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("excludes a terminal at exactly the radius", () => {
    const customers = {
      count: 1,
      x: Float64Array.of(50),
      y: Float64Array.of(50),
      meanAmount: Float64Array.of(10),
      stdAmount: Float64Array.of(5),
      meanTxPerDay: Float64Array.of(1),
    };
    const terminals = { count: 3, x: Float64Array.of(55, 54.99, 50), y: Float64Array.of(50, 50, 45.5) };
    expect(Array.from(findNeighbourhoods(customers, terminals, 5).terminalIds)).toEqual([1, 2]);
  });
});
