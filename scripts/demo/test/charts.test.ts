import { join } from "node:path";
import { renderCharts, type Chart } from "../src/charts";

const PYTHON = join(__dirname, "..", "..", "..", ".venv", "bin", "python");

const decline: Chart = {
  kind: "line",
  title: "Declines <&>",
  xLabel: "minute",
  yLabel: "share",
  reference: { y: 0.05, label: "5% limit" },
  series: [
    {
      name: "declined share",
      color: "#0066cc",
      points: [
        [0, 0.01],
        [1, 0.02],
        [2, 0.08],
      ],
    },
  ],
};
const scores: Chart = {
  kind: "histogram",
  title: "Scores",
  xLabel: "score",
  yLabel: "transactions (log)",
  logY: true,
  bins: 4,
  range: [0, 1],
  series: [
    { name: "legitimate (3)", color: "#339933", values: [0.01, 0.02, 0.3] },
    { name: "fraud (2)", color: "#cc0000", values: [0.9, 0.95] },
  ],
};

describe("renderCharts (matplotlib)", () => {
  let svgs: string[];
  beforeAll(async () => {
    svgs = await renderCharts(PYTHON, [decline, scores]);
  }, 60_000);

  it("returns one SVG document per chart, in order, with titles and legends as text", () => {
    expect(svgs).toHaveLength(2);
    expect(svgs[0]).toContain("Declines &lt;&amp;&gt;");
    expect(svgs[0]).toContain("5% limit");
    expect(svgs[0]).toContain("declined share");
    expect(svgs[1]).toContain("Scores");
    expect(svgs[1]).toContain("fraud (2)");
    expect(svgs[1]).not.toContain("Declines");
    for (const svg of svgs) expect(svg.match(/<svg /g)).toHaveLength(1);
  });

  it("draws each series in its colour and the reference line dashed", () => {
    expect(svgs[0]).toContain("stroke: #0066cc");
    expect(svgs[0]).toMatch(/stroke-dasharray/);
    expect(svgs[1]).toContain("stroke: #339933");
    expect(svgs[1]).toContain("stroke: #cc0000");
    expect(svgs[1]).not.toContain("stroke: #0066cc");
  });

  it("renders the same input to the same bytes", async () => {
    expect(await renderCharts(PYTHON, [decline, scores])).toEqual(svgs);
  }, 60_000);

  it("fails with the renderer's error for a chart it cannot draw", async () => {
    await expect(renderCharts(PYTHON, [{ ...decline, kind: "pie" } as unknown as Chart])).rejects.toThrow(
      /render_charts\.py exited 1: .*KeyError: 'pie'/s,
    );
  }, 60_000);
});
