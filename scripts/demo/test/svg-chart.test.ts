import { histogram, lineChart } from "../src/svg-chart";

describe("histogram", () => {
  it("bins values with the maximum in the last bin and ignores values outside the range", () => {
    expect(histogram([0, 0.1, 0.49, 0.5, 0.99, 1, 1.2, -0.1], 2, 0, 1)).toEqual([3, 3]);
  });
});

describe("lineChart", () => {
  const svg = lineChart(
    [
      {
        name: "declined share",
        color: "#06c",
        points: [
          [0, 0.01],
          [1, 0.02],
          [2, 0.08],
        ],
      },
    ],
    { title: "Declines <&>", xLabel: "minute", yLabel: "share", reference: { y: 0.05, label: "5% limit" } },
  );

  it("draws one polyline per series, the reference line and escaped labels", () => {
    expect(svg.match(/<polyline /g)).toHaveLength(1);
    expect(svg).toContain('stroke-dasharray="6 4"');
    expect(svg).toContain("5% limit");
    expect(svg).toContain("Declines &lt;&amp;&gt;");
    expect(svg).not.toContain("NaN");
  });
});
