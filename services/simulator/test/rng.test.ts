import fc from "fast-check";
import { logFactorial, Rng } from "../src/random/rng";

function draws(rng: Rng, n: number, draw: (rng: Rng) => number): number[] {
  return Array.from({ length: n }, () => draw(rng));
}

function meanAndVariance(values: readonly number[]): { mean: number; variance: number } {
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (values.length - 1);
  return { mean, variance };
}

describe("Rng", () => {
  it("repeats a stream for the same seed and path, and separates different paths and seeds", () => {
    const first = draws(new Rng(7, 3, 11), 50, (rng) => rng.nextU32());
    expect(draws(new Rng(7, 3, 11), 50, (rng) => rng.nextU32())).toEqual(first);
    expect(draws(new Rng(7, 3, 12), 50, (rng) => rng.nextU32())).not.toEqual(first);
    expect(draws(new Rng(7, 4, 11), 50, (rng) => rng.nextU32())).not.toEqual(first);
    expect(draws(new Rng(8, 3, 11), 50, (rng) => rng.nextU32())).not.toEqual(first);
  });

  it("keeps uniform draws inside [low, high) and integers inside [0, n)", () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.double({ min: -1000, max: 1000, noNaN: true }),
        fc.double({ min: 0.01, max: 1000, noNaN: true }),
        fc.integer({ min: 1, max: 2 ** 31 }),
        (seed, low, width, n) => {
          const rng = new Rng(seed);
          for (let i = 0; i < 20; i++) {
            const u = rng.uniformRange(low, low + width);
            expect(u).toBeGreaterThanOrEqual(low);
            expect(u).toBeLessThan(low + width);
            const k = rng.intBelow(n);
            expect(Number.isInteger(k) && k >= 0 && k < n).toBe(true);
          }
        },
      ),
    );
  });

  // 200,000 draws: the standard error of the mean is sd / 447, so 0.01 sd is more than 4 standard errors.
  it("draws normals with the requested mean and sd", () => {
    const { mean, variance } = meanAndVariance(draws(new Rng(1), 200_000, (rng) => rng.normal(43200, 20000)));
    expect(Math.abs(mean - 43200)).toBeLessThan(200);
    expect(Math.abs(Math.sqrt(variance) - 20000)).toBeLessThan(200);
  });

  it.each([0.3, 2, 3.99, 29.5, 30, 75, 400])("draws Poisson(%p) with mean = variance = lambda", (lambda) => {
    const values = draws(new Rng(2, Math.round(lambda * 100)), 100_000, (rng) => rng.poisson(lambda));
    expect(values.every((k) => Number.isInteger(k) && k >= 0)).toBe(true);
    const { mean, variance } = meanAndVariance(values);
    // Standard error of the mean: sqrt(lambda / 1e5); 5 of them. Variance within 3%.
    expect(Math.abs(mean - lambda)).toBeLessThan(5 * Math.sqrt(lambda / 100_000));
    expect(Math.abs(variance / lambda - 1)).toBeLessThan(0.03);
  });

  it("returns 0 for a Poisson rate of 0", () => {
    expect(draws(new Rng(3), 100, (rng) => rng.poisson(0))).toEqual(new Array(100).fill(0));
  });

  it("samples k distinct values from [0, n)", () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 500 }), fc.nat(), (seed, n, kSeed) => {
        const k = kSeed % (n + 1);
        const sample = new Rng(seed).sampleDistinct(n, k);
        expect(sample).toHaveLength(k);
        expect(new Set(sample).size).toBe(k);
        expect(sample.every((v) => Number.isInteger(v) && v >= 0 && v < n)).toBe(true);
      }),
    );
    expect(() => new Rng(1).sampleDistinct(3, 4)).toThrow("cannot draw 4 distinct values from 3");
  });

  it("samples every value with equal probability", () => {
    const counts = new Array(10).fill(0);
    const rng = new Rng(4);
    for (let i = 0; i < 50_000; i++) for (const v of rng.sampleDistinct(10, 2)) counts[v]++;
    // Each value expects 10,000 hits; sd about 90; 5% is more than 5 sd.
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });

  it("computes ln(k!) exactly for small k and within 1e-9 relative beyond", () => {
    let exact = 0;
    for (let k = 0; k <= 170; k++) {
      if (k >= 2) exact += Math.log(k);
      expect(Math.abs(logFactorial(k) - exact)).toBeLessThanOrEqual(1e-9 * Math.max(1, exact));
    }
  });
});
