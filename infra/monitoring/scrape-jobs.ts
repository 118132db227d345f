/**
 * Prometheus `job` label of each scoring workload. The alert rules match these exact values, so
 * every scraper (ServiceMonitors in the cluster, the local Prometheus) must set them.
 */
export const SCRAPE_JOBS = {
  http: "antifraud-scoring-http",
  stream: "antifraud-scoring-stream",
  quality: "antifraud-scoring-quality",
} as const;

export type ScrapeJob = (typeof SCRAPE_JOBS)[keyof typeof SCRAPE_JOBS];
