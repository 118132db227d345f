"""Renders the demo report's charts with matplotlib (the training package's plotting library).

Reads {"charts": [...]} as JSON on stdin (the shapes of scripts/demo/src/charts.ts) and writes a JSON
list with one self-contained SVG per chart to stdout. Text stays text (svg.fonttype none) and ids are
salted with a constant, so the same input renders the same bytes.
"""

import io
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

plt.rcParams.update(
    {"svg.fonttype": "none", "svg.hashsalt": "antifraud-demo", "font.size": 9}
)


def _line(ax, chart):
    for s in chart["series"]:
        xs = [p[0] for p in s["points"]]
        ys = [p[1] for p in s["points"]]
        ax.plot(xs, ys, color=s["color"], label=s["name"], linewidth=1.6)


def _histogram(ax, chart):
    low, high = chart["range"]
    for s in chart["series"]:
        ax.hist(
            s["values"],
            bins=chart["bins"],
            range=(low, high),
            histtype="step",
            color=s["color"],
            label=s["name"],
            linewidth=1.6,
        )


def render(chart):
    fig, ax = plt.subplots(figsize=(5.6, 3.0), layout="constrained")
    {"line": _line, "histogram": _histogram}[chart["kind"]](ax, chart)
    reference = chart.get("reference")
    if reference:
        ax.axhline(
            reference["y"],
            color="#c00",
            linestyle="--",
            linewidth=1,
            label=reference["label"],
        )
    if chart.get("logY"):
        ax.set_yscale("log")
    ax.set_title(chart["title"], fontweight="bold")
    ax.set_xlabel(chart["xLabel"])
    ax.set_ylabel(chart["yLabel"])
    ax.grid(alpha=0.3)
    ax.legend(loc="best", frameon=False)
    out = io.StringIO()
    fig.savefig(out, format="svg", metadata={"Date": None})
    plt.close(fig)
    return out.getvalue()


def main():
    request = json.load(sys.stdin)
    json.dump([render(c) for c in request["charts"]], sys.stdout)


if __name__ == "__main__":
    main()
