import { parseDagTestOutput } from "../src/airflow/airflow-home";

// Lines as `airflow dags test` 2.10 prints them (from a run of antifraud_daily_refresh).
const line = (state: string, task: string) =>
  `[2026-12-04T18:15:28.345+0000] {taskinstance.py:353} INFO - Marking task as ${state}. dag_id=antifraud_daily_refresh, task_id=${task}, run_id=manual__2018-05-15T00:00:00+00:00, execution_date=20180515T000000, start_date=, end_date=20261204T181528`;
const finished = (state: string) =>
  `[2026-12-04T18:15:54.979+0000] {dagrun.py:905} INFO - DagRun Finished: dag_id=antifraud_daily_refresh, execution_date=2018-05-15 00:00:00+00:00, run_id=manual__2018-05-15T00:00:00+00:00, run_start_date=2018-05-15 00:00:00+00:00, run_end_date=2026-12-04 18:15:54.979575+00:00, run_duration=270065754.979575, state=${state}, external_trigger=False, run_type=manual`;

describe("parseDagTestOutput", () => {
  it.each([
    [
      [line("SUCCESS", "clean"), line("SUCCESS", "features"), finished("success")],
      "success",
      { clean: "success", features: "success" },
    ],
    [[line("FAILED", "clean"), finished("failed")], "failed", { clean: "failed" }],
    [[line("UP_FOR_RETRY", "clean"), line("SUCCESS", "clean")], "unknown", { clean: "success" }],
    [["Traceback (most recent call last):"], "unknown", {}],
  ])("reads the run and task states from %#", (lines, state, tasks) => {
    expect(parseDagTestOutput(lines.join("\n"))).toEqual({ state, tasks });
  });
});
