export interface ScrapeTarget {
  readonly jobName: string;
  /** `host:port` entries. */
  readonly targets: readonly string[];
  /** Default `/metrics`. */
  readonly metricsPath?: string;
  /** Prometheus duration, e.g. `1s`. Default: the global interval. */
  readonly scrapeInterval?: string;
}

export interface PrometheusConfig {
  readonly scrapeTargets: readonly ScrapeTarget[];
  /** Absolute paths of rule files (PrometheusRule `spec` groups in Prometheus rule-file format). */
  readonly ruleFiles: readonly string[];
  /** Default `1s`: local runs want alerts to fire within seconds. */
  readonly scrapeInterval?: string;
  /** Default `1s`. */
  readonly evaluationInterval?: string;
}

/** prometheus.yml content. JSON is valid YAML, so no YAML library is needed. */
export function renderPrometheusConfig(config: PrometheusConfig): string {
  const document = {
    global: {
      scrape_interval: config.scrapeInterval ?? "1s",
      evaluation_interval: config.evaluationInterval ?? "1s",
    },
    rule_files: [...config.ruleFiles],
    scrape_configs: config.scrapeTargets.map((target) => ({
      job_name: target.jobName,
      metrics_path: target.metricsPath ?? "/metrics",
      ...(target.scrapeInterval === undefined ? {} : { scrape_interval: target.scrapeInterval }),
      static_configs: [{ targets: [...target.targets] }],
    })),
  };
  return JSON.stringify(document, null, 2) + "\n";
}
