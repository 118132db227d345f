/**
 * What the program itself declares inside kube-prometheus-stack's values for the operator's own
 * objects: `prometheus.prometheusSpec` becomes the Prometheus object's spec and
 * `alertmanager.alertmanagerSpec` the Alertmanager's, as the chart's templates
 * (templates/prometheus/prometheus.yaml, templates/alertmanager/alertmanager.yaml) map them. The
 * chart itself cannot be fetched here, so only these two mappings are mirrored: the keys the chart
 * consumes itself are dropped and `storageSpec` is renamed to the CRD's `storage`. Any other key must
 * be a field of the CRD; a key the chart would silently ignore is therefore reported.
 */
import type { DeclaredObject, Manifest } from "./kubernetes";

/** prometheusSpec keys the chart reads for its own logic; they never reach the Prometheus object. */
const CHART_ONLY_PROMETHEUS_KEYS = new Set([
  "serviceMonitorSelectorNilUsesHelmValues",
  "podMonitorSelectorNilUsesHelmValues",
  "ruleSelectorNilUsesHelmValues",
  "probeSelectorNilUsesHelmValues",
  "scrapeConfigSelectorNilUsesHelmValues",
]);

type Values = Record<string, unknown>;

function section(values: Values, ...keys: string[]): Values {
  let v: unknown = values;
  for (const k of keys) v = (v as Values | undefined)?.[k];
  return (v ?? {}) as Values;
}

export function chartCustomResources(values: Values, namespace: string): DeclaredObject[] {
  const fullname =
    typeof values.fullnameOverride === "string" ? values.fullnameOverride : "kube-prometheus-stack";
  const object = (kind: string, name: string, spec: Values): Manifest => ({
    apiVersion: "monitoring.coreos.com/v1",
    kind,
    metadata: { name, namespace },
    spec,
  });
  const prometheus = Object.fromEntries(
    Object.entries(section(values, "prometheus", "prometheusSpec"))
      .filter(([k]) => !CHART_ONLY_PROMETHEUS_KEYS.has(k))
      .map(([k, v]) => [k === "storageSpec" ? "storage" : k, v]),
  );
  return [
    {
      resource: "prometheus.prometheusSpec",
      manifest: object("Prometheus", `${fullname}-prometheus`, prometheus),
    },
    {
      resource: "alertmanager.alertmanagerSpec",
      manifest: object(
        "Alertmanager",
        `${fullname}-alertmanager`,
        section(values, "alertmanager", "alertmanagerSpec"),
      ),
    },
  ];
}
