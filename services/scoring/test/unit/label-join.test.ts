import fc from "fast-check";
import { type DropReason, type JoinBounds, LabelJoin, type JoinSide } from "../../src/quality/label-join";

function recorder(bounds: Partial<JoinBounds> = {}) {
  const joined: [string, string][] = [];
  const dropped: [JoinSide, DropReason][] = [];
  const join = new LabelJoin<string, string>(
    { maxPendingScores: 10, scoreTtlMs: 1000, maxPendingLabels: 10, labelTtlMs: 100, ...bounds },
    { joined: (s, l) => joined.push([s, l]), dropped: (side, reason) => dropped.push([side, reason]) },
  );
  return { join, joined, dropped };
}

describe("LabelJoin", () => {
  test("a label joins the score that waits for it, once", () => {
    const { join, joined, dropped } = recorder();
    join.addScore("1", "s1", 0);
    join.addLabel("1", "l1", 10);
    join.addLabel("1", "l1 again", 20);
    expect(joined).toEqual([["s1", "l1"]]);
    expect([join.pendingScores, join.pendingLabels]).toEqual([0, 1]);
    expect(dropped).toEqual([]);
  });

  test("a label that comes first waits for its score", () => {
    const { join, joined } = recorder();
    join.addLabel("7", "l7", 0);
    join.addScore("7", "s7", 50);
    expect(joined).toEqual([["s7", "l7"]]);
    expect([join.pendingScores, join.pendingLabels]).toEqual([0, 0]);
  });

  test("a score whose label comes after its TTL is dropped, and the late label waits unmatched", () => {
    const { join, joined, dropped } = recorder();
    join.addScore("1", "s1", 0);
    join.addScore("2", "s2", 500);
    join.addLabel("1", "l1", 1000);
    expect(joined).toEqual([]);
    expect(dropped).toEqual([["score", "ttl"]]);
    expect([join.pendingScores, join.pendingLabels]).toEqual([1, 1]);
    join.sweep(1100);
    expect(dropped).toEqual([
      ["score", "ttl"],
      ["label", "ttl"],
    ]);
  });

  test("the size cap drops the oldest waiting record of that side", () => {
    const { join, joined, dropped } = recorder({ maxPendingScores: 2 });
    join.addScore("1", "s1", 0);
    join.addScore("2", "s2", 1);
    join.addScore("3", "s3", 2);
    join.addLabel("1", "l1", 3);
    join.addLabel("2", "l2", 4);
    expect(dropped).toEqual([["score", "capacity"]]);
    expect(joined).toEqual([["s2", "l2"]]);
  });

  test("a repeated score id replaces the waiting one and restarts its wait", () => {
    const { join, joined, dropped } = recorder();
    join.addScore("1", "first", 0);
    join.addScore("1", "second", 900);
    join.addLabel("1", "l1", 1500);
    expect(dropped).toEqual([]);
    expect(joined).toEqual([["second", "l1"]]);
  });

  test("every record is joined once, dropped once or still waiting, within the caps (property)", () => {
    const op = fc.record({
      side: fc.constantFrom<JoinSide>("score", "label"),
      id: fc.integer({ min: 0, max: 60 }),
      gap: fc.integer({ min: 0, max: 60 }),
    });
    // Each id at most once per side: a repeated id replaces its waiting record (tested above).
    const ops = fc.uniqueArray(op, { maxLength: 120, selector: (o) => `${o.side}:${o.id}` });
    fc.assert(
      fc.property(ops, fc.integer({ min: 1, max: 15 }), (list, cap) => {
        const { join, joined, dropped } = recorder({ maxPendingScores: cap, maxPendingLabels: cap });
        let now = 0;
        for (const { side, id, gap } of list) {
          now += gap;
          if (side === "score") join.addScore(String(id), `s${id}`, now);
          else join.addLabel(String(id), `l${id}`, now);
          expect(join.pendingScores).toBeLessThanOrEqual(cap);
          expect(join.pendingLabels).toBeLessThanOrEqual(cap);
        }
        const pending = join.pendingScores + join.pendingLabels;
        expect(2 * joined.length + dropped.length + pending).toBe(list.length);
        for (const [s, l] of joined) expect(s.slice(1)).toBe(l.slice(1));
        join.sweep(now + 1000);
        expect(join.pendingScores + join.pendingLabels).toBe(0);
      }),
      { numRuns: 300 },
    );
  });
});
