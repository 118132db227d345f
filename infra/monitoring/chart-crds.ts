/**
 * The prometheus-operator release whose CRDs each pinned kube-prometheus-stack chart ships, so the
 * dry-run test validates ServiceMonitors and PrometheusRules against the CRDs that chart installs
 * (scripts/local/kube/versions.env names the release the bootstrap fetches; a test holds them equal).
 */
export const CHART_OPERATOR_VERSIONS: Readonly<Record<string, string>> = {
  // prometheus-community/helm-charts tag kube-prometheus-stack-88.1.3: Chart.yaml appVersion v0.93.0,
  // charts/crds/crds/*.yaml headed "prometheus-operator/v0.93.0/example/prometheus-operator-crd/...".
  "88.1.3": "v0.93.0",
};
