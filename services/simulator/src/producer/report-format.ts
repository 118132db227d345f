import type { ProduceReport } from "./produce";

const ms = (value: number | undefined) => (value === undefined ? "-" : `${value.toFixed(1)} ms`);

/** One line: what was acknowledged (the only "sent"), what failed, rate and ack latency. */
export function formatReport(report: ProduceReport): string {
  const head = report.done ? "produced" : "producing";
  return (
    `${head}: acknowledged ${report.acknowledged} of ${report.attempted} attempted, failed ${report.failed}, ` +
    `in flight ${report.inFlight}; ${Math.round(report.achievedRate)} msg/s over ${(report.elapsedMs / 1000).toFixed(1)} s; ` +
    `ack latency p50 ${ms(report.ackLatencyP50Ms)} p99 ${ms(report.ackLatencyP99Ms)}; ` +
    `labels acknowledged ${report.labels.acknowledged}, failed ${report.labels.failed}, pending ${report.labels.pending}`
  );
}
