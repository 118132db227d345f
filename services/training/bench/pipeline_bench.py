"""Pipeline scale benchmark: runs `python -m antifraud_training.pipeline` (or only clean + features) as a
child process on raw daily files and prints, per stage, wall time, rows/s, CPU seconds and the peak RSS
of the whole process tree (Python driver + JVM + Python workers), then the model's test metrics.

    npm run bench:pipeline -- [--scale 10] [--real-day] [--raw DIR] [--work DIR] [--stages all|etl]
        [--json FILE] [--plot FILE] [pipeline flags after --, e.g. -- --driver-memory 6g]

Without --raw, the data is `.local/bench/raw-<scale>x`, simulated first when missing: the handbook's
dataset times `scale` (customers, terminals and the daily compromised terminals and cards, so the fraud
rate stays the handbook's), 183 days, dirty rows at 1e-4. --real-day builds one real-size day (47 million
rows) from those days (bench/real_day.py) and runs clean and features on it.

Figures only, no assertions (it is not a test). RSS and CPU come from /proc every 0.5 s; a stage
shorter than that may show the previous stage's peak.
"""

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")
TICK = os.sysconf("SC_CLK_TCK")
STAGE_LINE = "stage "


@dataclass
class StageFigures:
    name: str
    started: float
    seconds: float = 0.0
    peak_rss: int = 0
    peak_jvm_rss: int = 0
    cpu_start: float = 0.0
    cpu_seconds: float = 0.0
    rows: int | None = None


@dataclass
class Sampler:
    root: int
    stages: list[StageFigures] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    cpu_seen: dict[int, float] = field(default_factory=dict)

    def tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    parent = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError):
                    continue
                children.setdefault(parent, []).append(int(entry))
        found, todo = [], [self.root]
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo.extend(children.get(pid, []))
        return found

    @staticmethod
    def usage(pid: int) -> tuple[int, float, bool]:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            return 0, 0.0, False
        rss, cpu = int(fields[21]) * PAGE, (int(fields[11]) + int(fields[12])) / TICK
        return rss, cpu, b"java" in cmdline.split(b"\0")[0]

    def sample(self) -> tuple[int, int, float]:
        """RSS of the live tree, the largest JVM's RSS, and the CPU time of every process seen so far
        (a Python worker that exited keeps its last reading, so the sum never goes down)."""
        total = jvm = 0
        for pid in self.tree():
            rss, seconds, is_jvm = self.usage(pid)
            total += rss
            jvm = max(jvm, rss) if is_jvm else jvm
            self.cpu_seen[pid] = max(self.cpu_seen.get(pid, 0.0), seconds)
        return total, jvm, sum(self.cpu_seen.values())

    def run(self) -> None:
        while not self.stop.wait(0.5):
            total, jvm, cpu = self.sample()
            if self.stages:
                stage = self.stages[-1]
                stage.peak_rss, stage.peak_jvm_rss = max(stage.peak_rss, total), max(stage.peak_jvm_rss, jvm)
                stage.cpu_seconds = cpu - stage.cpu_start


def command(args: argparse.Namespace, extra: list[str]) -> list[str]:
    python = sys.executable
    paths = ["--raw", args.raw, "--work", args.work, "--models", args.work + "/models", *extra]
    if args.stages == "etl":
        code = (
            "import sys, json, time\n"
            "from antifraud_training.clean import job as c\n"
            "from antifraud_training.features import job as f\n"
            "from antifraud_training.features.spec import load_spec\n"
            "from antifraud_training.pipeline import parse_args\n"
            "from antifraud_training.session import describe, session_from_args\n"
            "a = parse_args(sys.argv[1:])\n"
            "s = session_from_args('antifraud-bench', a)\n"
            "print(describe(s), flush=True)\n"
            "print('stage 1/2 clean ...', flush=True)\n"
            "q = c.run(s, a.raw, a.work + '/clean')\n"
            "print('clean: %d rows read, %d valid' % (q['rows_read'], q['rows_valid']), flush=True)\n"
            "print('stage 2/2 features ...', flush=True)\n"
            "f.run(s, a.work + '/clean/transactions', a.work + '/features', load_spec(a.spec))\n"
            "print('stage end', flush=True)\n"
        )
        return [python, "-c", code, *paths]
    return [python, "-m", "antifraud_training.pipeline", *paths]


def stage_name(line: str) -> str | None:
    """'[  12.3 s] stage 2/6 features ...' or 'stage 1/2 clean ...' -> 'features'; 'stage end' -> ''."""
    text = line.split("] ", 1)[-1]
    if not text.startswith(STAGE_LINE):
        return None
    words = text[len(STAGE_LINE) :].split()
    if words == ["end"]:
        return ""
    return words[1] if len(words) >= 3 and words[2] == "..." else None


def run_child(args: argparse.Namespace, extra: list[str]) -> tuple[list[StageFigures], list[str], float, int]:
    env = {**os.environ, "SPARK_LOCAL_IP": "127.0.0.1", "PYSPARK_PYTHON": sys.executable}
    started = time.monotonic()
    child = subprocess.Popen(command(args, extra), stdout=subprocess.PIPE, text=True, env=env)
    sampler = Sampler(child.pid)
    thread = threading.Thread(target=sampler.run, daemon=True)
    thread.start()
    lines = []
    assert child.stdout is not None
    for line in child.stdout:
        print(line, end="", flush=True)
        lines.append(line.rstrip("\n"))
        name = stage_name(lines[-1])
        if name is not None:
            now = time.monotonic()
            if sampler.stages:
                sampler.stages[-1].seconds = now - sampler.stages[-1].started
            if name:
                _, _, cpu = sampler.sample()
                sampler.stages.append(StageFigures(name, now, cpu_start=cpu))
    code = child.wait()
    now = time.monotonic()
    sampler.stop.set()
    thread.join()
    if sampler.stages and not sampler.stages[-1].seconds:
        sampler.stages[-1].seconds = now - sampler.stages[-1].started
    return sampler.stages, lines, now - started, code


def attach_rows(stages: list[StageFigures], lines: list[str], work: str) -> None:
    """Input rows of clean (raw rows read) and features (valid rows), from the quality report."""
    report = Path(work, "clean", "quality-report.json")
    if not report.exists():
        return
    quality = json.loads(report.read_text())
    for stage in stages:
        stage.rows = {"clean": quality["rows_read"], "features": quality["rows_valid"]}.get(stage.name)


def model_metrics(work: str) -> dict | None:
    runs = sorted(Path(work, "runs").glob("*/evaluation.json"))
    if not runs:
        return None
    test = json.loads(runs[-1].read_text())["test"]
    training = json.loads(runs[-1].with_name("training.json").read_text())
    return {
        "auc_roc": test["auc_roc"],
        "average_precision": test["average_precision"],
        "card_precision_at_100": test["card_precision_at_100"],
        "test_transactions": test["transactions"],
        "training_rows": training["training_rows"],
        "hyperparameters": training["hyperparameters"],
        "trainer": training.get("trainer"),
    }


def table(stages: list[StageFigures], total: float, label: str) -> str:
    gib = 1024**3
    rows = [
        f"{'stage':<10} {'wall s':>8} {'rows':>12} {'rows/s':>10} {'cpu s':>8} "
        f"{'peak RSS GiB':>12} {'JVM GiB':>8}"
    ]
    for s in stages:
        rate = f"{s.rows / s.seconds:,.0f}" if s.rows and s.seconds else "-"
        rows.append(
            f"{s.name:<10} {s.seconds:8.1f} {(f'{s.rows:,}' if s.rows else '-'):>12} {rate:>10} "
            f"{s.cpu_seconds:8.1f} {s.peak_rss / gib:12.2f} {s.peak_jvm_rss / gib:8.2f}"
        )
    rows.append(f"{'total':<10} {total:8.1f}")
    return f"bench {label}\n" + "\n".join(rows)


def plot(stages: list[StageFigures], label: str, path: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = [s.name for s in stages]
    figure, (time_axis, memory_axis) = plt.subplots(1, 2, figsize=(11, 4))
    time_axis.barh(names, [s.seconds for s in stages], color="steelblue")
    time_axis.set(xlabel="wall time, s", title=f"{label}: time per stage")
    time_axis.invert_yaxis()
    memory_axis.barh(names, [s.peak_rss / 1024**3 for s in stages], color="darkorange", label="process tree")
    memory_axis.barh(names, [s.peak_jvm_rss / 1024**3 for s in stages], color="grey", label="JVM")
    memory_axis.set(xlabel="peak RSS, GiB", title=f"{label}: peak memory per stage")
    memory_axis.invert_yaxis()
    memory_axis.legend(loc="lower right")
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


REPO = Path(__file__).resolve().parents[3]
BENCH = REPO / ".local" / "bench"


def simulated(scale: int) -> Path:
    out = BENCH / f"raw-{scale}x"
    if not (out / "_dirty_manifest.json").exists():
        subprocess.run(
            [
                str(REPO / "node_modules" / ".bin" / "tsx"),
                str(REPO / "services/simulator/src/cli/simulate.ts"),
                "--out",
                str(out),
                "--customers",
                str(5000 * scale),
                "--terminals",
                str(10000 * scale),
                "--compromised-terminals-per-day",
                str(2 * scale),
                "--compromised-customers-per-day",
                str(3 * scale),
                "--days",
                "183",
                "--dirty-rate",
                "0.0001",
                "--seed",
                "0",
            ],
            check=True,
        )
    return out


def real_day(scale: int) -> Path:
    out = BENCH / "real-day"
    if not list(out.glob("*.txt")):
        subprocess.run(
            [
                sys.executable,
                str(Path(__file__).with_name("real_day.py")),
                "--raw",
                str(simulated(scale)),
                "--out",
                str(out),
            ],
            check=True,
            env={**os.environ, "SPARK_LOCAL_IP": "127.0.0.1"},
        )
    return out


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    extra = argv[argv.index("--") + 1 :] if "--" in argv else []
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=10, help="times the handbook's dataset (default 10)")
    parser.add_argument("--real-day", action="store_true", help="one 47-million-row day: clean + features")
    parser.add_argument("--raw", help="raw daily files (default: simulated at --scale)")
    parser.add_argument("--work", help="default: .local/bench/work-<label>")
    parser.add_argument("--stages", choices=("all", "etl"), default="all")
    parser.add_argument("--label", help="default: <scale>x or real-day")
    parser.add_argument("--json", help="write the figures as JSON")
    parser.add_argument("--plot", help="write a PNG of the stage table (default: .local/bench/<label>.png)")
    args = parser.parse_args(argv[: argv.index("--")] if "--" in argv else argv)
    args.label = args.label or ("real-day" if args.real_day else f"{args.scale}x")
    if args.real_day:
        args.raw, args.stages = str(args.raw or real_day(args.scale)), "etl"
    args.raw = args.raw or str(simulated(args.scale))
    args.work = args.work or str(BENCH / f"work-{args.label}")
    args.plot = args.plot or str(BENCH / f"{args.label}.png")
    with open("/proc/loadavg") as load:
        print(f"bench {args.label}: load before {load.read().split()[:3]}", flush=True)
    stages, lines, total, code = run_child(args, extra)
    attach_rows(stages, lines, args.work)
    print(table(stages, total, args.label))
    metrics = model_metrics(args.work)
    if metrics:
        print(
            f"bench {args.label}: test AUC {metrics['auc_roc']:.4f}, AP {metrics['average_precision']:.4f}, "
            f"CP@100 {metrics['card_precision_at_100']:.4f} on {metrics['test_transactions']:,} test tx "
            f"({metrics['training_rows']:,} training rows, {metrics['trainer']})"
        )
    with open("/proc/loadavg") as load:
        print(f"bench {args.label}: load after {load.read().split()[:3]}; exit code {code}", flush=True)
    if args.json:
        figures = [{k: v for k, v in s.__dict__.items() if k not in ("started", "cpu_start")} for s in stages]
        Path(args.json).write_text(
            json.dumps(
                {
                    "label": args.label,
                    "total_seconds": total,
                    "exit_code": code,
                    "stages": figures,
                    "model": metrics,
                },
                indent=2,
            )
        )
    if stages:
        plot(stages, args.label, args.plot)
        print(f"bench {args.label}: plot {args.plot}")
    sys.exit(code)


if __name__ == "__main__":
    main()
