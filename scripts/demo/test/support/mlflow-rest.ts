/** Reads a run back through MLflow's REST API (2.0), as any tracking client would. */

export interface MlflowRun {
  readonly metrics: Record<string, number>;
  readonly params: Record<string, string>;
  readonly tags: Record<string, string>;
}

interface KeyValue<T> {
  key: string;
  value: T;
}

async function get<T>(url: string): Promise<T> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

const toRecord = <T>(entries: KeyValue<T>[] | undefined): Record<string, T> =>
  Object.fromEntries((entries ?? []).map((e) => [e.key, e.value]));

export async function mlflowRun(trackingUrl: string, runId: string): Promise<MlflowRun> {
  const { run } = await get<{
    run: { data: { metrics?: KeyValue<number>[]; params?: KeyValue<string>[]; tags?: KeyValue<string>[] } };
  }>(`${trackingUrl}/api/2.0/mlflow/runs/get?run_id=${encodeURIComponent(runId)}`);
  return {
    metrics: toRecord(run.data.metrics),
    params: toRecord(run.data.params),
    tags: toRecord(run.data.tags),
  };
}

/** Paths of the run's artifacts under `path`, sorted. */
export async function mlflowArtifacts(trackingUrl: string, runId: string, path: string): Promise<string[]> {
  const { files } = await get<{ files?: { path: string; is_dir: boolean }[] }>(
    `${trackingUrl}/api/2.0/mlflow/artifacts/list?run_id=${encodeURIComponent(runId)}&path=${encodeURIComponent(path)}`,
  );
  return (files ?? []).map((f) => f.path).sort();
}
