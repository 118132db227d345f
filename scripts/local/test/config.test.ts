import { renderLog4jProperties, renderServerProperties } from "../src/kafka/kafka-config";
import { renderPrometheusConfig } from "../src/prometheus/prometheus-config";

function parseProperties(text: string): Map<string, string> {
  const lines = text.trimEnd().split("\n");
  const entries = lines.map((line) => {
    const at = line.indexOf("=");
    return [line.slice(0, at), line.slice(at + 1)] as const;
  });
  expect(new Set(entries.map(([key]) => key)).size).toBe(entries.length);
  return new Map(entries);
}

describe("renderServerProperties", () => {
  const base = { port: 19092, controllerPort: 19093, dataDir: "/tmp/k/data", numPartitions: 3 };

  it("describes a combined broker + controller on 127.0.0.1 only", () => {
    const properties = parseProperties(renderServerProperties(base));
    expect(properties.get("process.roles")).toBe("broker,controller");
    expect(properties.get("listeners")).toBe("PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093");
    expect(properties.get("advertised.listeners")).toBe("PLAINTEXT://127.0.0.1:19092");
    expect(properties.get("controller.quorum.voters")).toBe("1@127.0.0.1:19093");
    expect(properties.get("log.dirs")).toBe("/tmp/k/data");
    expect(properties.get("num.partitions")).toBe("3");
    expect([...properties.values()].some((value) => value.includes("0.0.0.0"))).toBe(false);
  });

  it.each([
    ["offsets.topic.replication.factor", "1"],
    ["transaction.state.log.replication.factor", "1"],
    ["transaction.state.log.min.isr", "1"],
    ["share.coordinator.state.topic.replication.factor", "1"],
    ["default.replication.factor", "1"],
    ["min.insync.replicas", "1"],
  ])("lets a single node serve groups and transactions: %s=%s", (key, value) => {
    expect(parseProperties(renderServerProperties(base)).get(key)).toBe(value);
  });

  it("lets overrides replace defaults without duplicating keys", () => {
    const properties = parseProperties(
      renderServerProperties({ ...base, overrides: { "num.partitions": 12, "log.retention.ms": 60000 } }),
    );
    expect(properties.get("num.partitions")).toBe("12");
    expect(properties.get("log.retention.ms")).toBe("60000");
  });

  it("logs to stdout at the requested level", () => {
    expect(renderLog4jProperties("WARN")).toContain("rootLogger.level=WARN\n");
    expect(renderLog4jProperties()).toContain("appender.stdout.type=Console\n");
  });
});

describe("renderPrometheusConfig", () => {
  it("lists the rule files and one static job per target, with 1 s defaults", () => {
    const config = JSON.parse(
      renderPrometheusConfig({
        scrapeTargets: [
          { jobName: "scoring", targets: ["127.0.0.1:9464", "127.0.0.1:9465"] },
          { jobName: "worker", targets: ["127.0.0.1:9500"], metricsPath: "/m", scrapeInterval: "5s" },
        ],
        ruleFiles: ["/rules/a.yaml"],
      }),
    );
    expect(config).toEqual({
      global: { scrape_interval: "1s", evaluation_interval: "1s" },
      rule_files: ["/rules/a.yaml"],
      scrape_configs: [
        {
          job_name: "scoring",
          metrics_path: "/metrics",
          static_configs: [{ targets: ["127.0.0.1:9464", "127.0.0.1:9465"] }],
        },
        {
          job_name: "worker",
          metrics_path: "/m",
          scrape_interval: "5s",
          static_configs: [{ targets: ["127.0.0.1:9500"] }],
        },
      ],
    });
  });
});
