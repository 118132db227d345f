import fc from "fast-check";
import { WindowedFeatureHistogram } from "../../src/drift/feature-histogram";
import { binOf, psi, PSI_EPSILON } from "../../src/drift/psi";

describe("binOf", () => {
  test.each([
    [[], 5, 0],
    [[1, 2, 3], 0.5, 0],
    [[1, 2, 3], 1, 1],
    [[1, 2, 3], 1.5, 1],
    [[1, 2, 3], 3, 3],
    [[1, 2, 3], 99, 3],
    [[0, 1], -1, 0],
  ])("edges %j, x %d -> bin %d", (edges, x, bin) => {
    expect(binOf(edges, x)).toBe(bin);
  });

  test("counts the edges at or below x (numpy searchsorted right; property)", () => {
    const edges = fc.uniqueArray(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), { maxLength: 20 });
    fc.assert(
      fc.property(edges, fc.double({ noNaN: true, min: -2e6, max: 2e6 }), (unsorted, x) => {
        const sorted = [...unsorted].sort((a, b) => a - b);
        expect(binOf(sorted, x)).toBe(sorted.filter((e) => e <= x).length);
      }),
    );
  });
});

describe("psi", () => {
  test.each([
    ["identical distributions", [0.5, 0.5], [50, 50], 0],
    ["a shift by hand", [0.5, 0.5], [80, 20], 0.3 * Math.log(0.8 / 0.5) - 0.3 * Math.log(0.2 / 0.5)],
    [
      "an empty observed bin is floored at epsilon",
      [0.5, 0.5],
      [100, 0],
      0.5 * Math.log(1 / 0.5) + (PSI_EPSILON - 0.5) * Math.log(PSI_EPSILON / 0.5),
    ],
    [
      "an empty reference bin is floored at epsilon",
      [1, 0],
      [50, 50],
      (0.5 - 1) * Math.log(0.5) + (0.5 - PSI_EPSILON) * Math.log(0.5 / PSI_EPSILON),
    ],
  ])("%s", (_name, expected, counts, value) => {
    expect(psi(expected, counts)).toBeCloseTo(value, 12);
  });

  test("is undefined before anything was observed and refuses mismatched bins", () => {
    expect(psi([0.5, 0.5], [0, 0])).toBeUndefined();
    expect(() => psi([0.5, 0.5], [1, 2, 3])).toThrow("2 reference bins but 3 observed bins");
  });

  test("is non-negative, and zero when the observed proportions are the reference (property)", () => {
    const counts = fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 2, maxLength: 12 });
    fc.assert(
      fc.property(counts, counts, (a, b) => {
        const n = Math.min(a.length, b.length);
        const ref = a.slice(0, n);
        const total = ref.reduce((x, y) => x + y, 0);
        if (total === 0) return;
        const proportions = ref.map((c) => c / total);
        expect(psi(proportions, ref)).toBeCloseTo(0, 12);
        const value = psi(proportions, b.slice(0, n));
        if (value !== undefined) expect(value).toBeGreaterThanOrEqual(-1e-12);
      }),
    );
  });
});

describe("WindowedFeatureHistogram", () => {
  const features = [
    { name: "a", edges: [1, 2], proportions: [0.2, 0.3, 0.5] },
    { name: "b", edges: [0], proportions: [0.5, 0.5] },
  ];

  test("counts the bins of the last windowRows rows only", () => {
    const h = new WindowedFeatureHistogram(features, 3);
    for (const row of [
      [0, -1],
      [1, 0],
      [5, 3],
      [1.5, -2],
    ])
      h.observe(row);
    expect(h.rows).toBe(3);
    expect([...h.countsOf(0)]).toEqual([0, 2, 1]);
    expect([...h.countsOf(1)]).toEqual([1, 2]);
  });

  test("equals a recount of the last windowRows rows (property)", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.double({ noNaN: true, min: -5, max: 5 }), fc.double({ noNaN: true, min: -5, max: 5 })),
          {
            maxLength: 300,
          },
        ),
        fc.integer({ min: 1, max: 50 }),
        (rows, windowRows) => {
          const h = new WindowedFeatureHistogram(features, windowRows);
          for (const row of rows) h.observe(row);
          const last = rows.slice(-windowRows);
          features.forEach((f, i) => {
            const expected = f.proportions.map(
              (_, bin) => last.filter((r) => binOf(f.edges, r[i]!) === bin).length,
            );
            expect([...h.countsOf(i)]).toEqual(expected);
          });
          expect(h.rows).toBe(last.length);
        },
      ),
    );
  });
});
