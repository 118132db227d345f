import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { StackConfig } from "../config/schema";
import { ALERT_RULES_FILE, loadRuleFile } from "../monitoring/rules-file";
import { SCRAPE_JOBS } from "../monitoring/scrape-jobs";
import { k8sName } from "../naming";
import type { WorkloadName } from "./scoring-workloads";
import type { Annotations } from "./cluster-integration";

export const MONITORING_NAMESPACE = "monitoring";
export const CHART_NAME = "kube-prometheus-stack";
export const CHART_REPO = "https://prometheus-community.github.io/helm-charts";
export const RELEASE_NAME = "monitoring";
/** Labels of the Prometheus pods the chart's operator runs (what NetworkPolicies admit to /metrics). */
export const PROMETHEUS_POD_LABELS = { "app.kubernetes.io/name": "prometheus" } as const;
export const DASHBOARD_FILE = path.resolve(__dirname, "..", "monitoring", "dashboard.json");
/** Where Alertmanager mounts `alertmanagerSpec.secrets` entries. */
const ALERTMANAGER_SECRET_DIR = "/etc/alertmanager/secrets";
const RECEIVERS_SECRET = "alertmanager-receivers";
const GRAFANA_ADMIN_SECRET = "grafana-admin";

/** The `job` label each workload's metrics carry; the alert rules select on it. */
export const WORKLOAD_JOBS: Record<WorkloadName, string> = {
  serve: SCRAPE_JOBS.http,
  stream: SCRAPE_JOBS.stream,
  quality: SCRAPE_JOBS.quality,
};

export interface MetricsTarget {
  readonly workload: WorkloadName;
  /** Service port name serving /metrics. */
  readonly portName: string;
  /** Labels of the workload's Service. */
  readonly selector: Record<string, string>;
}

export interface MonitoringArgs {
  readonly environment: "dev" | "prod";
  readonly monitoring: StackConfig["monitoring"];
  /** Namespace of the scoring workloads the ServiceMonitors watch. */
  readonly workloadNamespace: pulumi.Input<string>;
  readonly targets: readonly MetricsTarget[];
  /** Alertmanager receivers (secret config). */
  readonly alertWebhookUrl: pulumi.Input<string>;
  readonly telegramBotToken: pulumi.Input<string>;
  /** Annotations that keep Grafana's load balancer inside the VPC. */
  readonly internalLoadBalancer: Annotations;
  /** Rules and dashboard files. Defaults: infra/monitoring/alert-rules.yaml and dashboard.json. */
  readonly alertRulesFile?: string;
  readonly dashboardFile?: string;
}

/** Chart values: cross-namespace discovery, retention/resources from config, secrets by reference. */
export function chartValues(
  args: Pick<MonitoringArgs, "environment" | "monitoring">,
): Record<string, unknown> {
  const m = args.monitoring;
  const r = m.prometheusResources;
  return {
    fullnameOverride: "kps",
    // Helm never upgrades CRDs itself; the chart's upgrade job (a hook, run by Release) does.
    crds: { enabled: true, upgradeJob: { enabled: true } },
    prometheus: {
      prometheusSpec: {
        // Without these, Prometheus only selects objects labelled release=<release>, silently.
        serviceMonitorSelectorNilUsesHelmValues: false,
        podMonitorSelectorNilUsesHelmValues: false,
        ruleSelectorNilUsesHelmValues: false,
        probeSelectorNilUsesHelmValues: false,
        scrapeConfigSelectorNilUsesHelmValues: false,
        serviceMonitorNamespaceSelector: {},
        ruleNamespaceSelector: {},
        evaluationInterval: "30s",
        scrapeInterval: "30s",
        retention: m.retention,
        replicas: args.environment === "prod" ? 2 : 1,
        resources: {
          requests: { cpu: r.cpuRequest, memory: r.memoryRequest },
          limits: { cpu: r.cpuLimit, memory: r.memoryLimit },
        },
        storageSpec: {
          volumeClaimTemplate: {
            spec: {
              accessModes: ["ReadWriteOnce"],
              resources: { requests: { storage: `${m.storageGb}Gi` } },
            },
          },
        },
      },
    },
    alertmanager: {
      alertmanagerSpec: { secrets: [RECEIVERS_SECRET], replicas: args.environment === "prod" ? 2 : 1 },
      config: {
        route: {
          receiver: "webhook",
          group_by: ["alertname", "job", "severity"],
          group_wait: "30s",
          group_interval: "5m",
          repeat_interval: "4h",
          routes: [
            { receiver: "null", matchers: ['alertname = "Watchdog"'] },
            { receiver: "telegram", matchers: ['severity = "critical"'], continue: true },
            { receiver: "webhook", matchers: ['severity =~ "critical|warning"'] },
          ],
        },
        receivers: [
          { name: "null" },
          {
            name: "webhook",
            webhook_configs: [
              { url_file: `${ALERTMANAGER_SECRET_DIR}/${RECEIVERS_SECRET}/webhook-url`, send_resolved: true },
            ],
          },
          {
            name: "telegram",
            telegram_configs: [
              {
                bot_token_file: `${ALERTMANAGER_SECRET_DIR}/${RECEIVERS_SECRET}/telegram-bot-token`,
                chat_id: Number(m.telegramChatId),
                parse_mode: "HTML",
                send_resolved: true,
              },
            ],
          },
        ],
      },
    },
    grafana: {
      admin: { existingSecret: GRAFANA_ADMIN_SECRET, userKey: "admin-user", passwordKey: "admin-password" },
      sidecar: {
        dashboards: { enabled: true, label: "grafana_dashboard", labelValue: "1", searchNamespace: "ALL" },
      },
    },
    // Helm hooks run under helm.v3.Release, so the operator's admission webhook certificates are
    // created by the chart's own patch jobs; nothing to disable.
    prometheusOperator: { admissionWebhooks: { enabled: true, patch: { enabled: true } } },
  };
}

/**
 * kube-prometheus-stack (pinned chart version) in its own namespace, ServiceMonitors for the scoring
 * workloads, the alert rules as a PrometheusRule loaded from the repo's rules file, the Grafana
 * dashboard as a sidecar-provisioned ConfigMap and Grafana behind an internal load balancer.
 * Installed with helm.v3.Release: it previews before the cluster exists and runs chart hooks.
 */
export class Monitoring extends pulumi.ComponentResource {
  readonly grafanaUrl: pulumi.Output<string>;
  readonly grafanaAdminPassword: pulumi.Output<string>;
  readonly namespace: pulumi.Output<string>;

  constructor(name: string, args: MonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
    super("antifraud:monitoring:Monitoring", name, { chartVersion: args.monitoring.chartVersion }, opts);
    if (args.targets.length === 0) throw new Error(`${name}: at least one metrics target is required`);
    const rules = loadRuleFile(args.alertRulesFile ?? ALERT_RULES_FILE);
    if (rules.groups.length === 0) throw new Error(`${name}: the alert rules file has no rule groups`);
    const dashboard = readFileSync(args.dashboardFile ?? DASHBOARD_FILE, "utf8");
    JSON.parse(dashboard);
    const child = { parent: this };

    const namespace = new k8s.core.v1.Namespace(
      `${name}-namespace`,
      { metadata: { name: MONITORING_NAMESPACE, labels: { "app.kubernetes.io/part-of": "antifraud" } } },
      child,
    );
    const ns = namespace.metadata.name;

    const password = new random.RandomPassword(
      `${name}-grafana-admin`,
      { length: 24, special: false },
      child,
    );
    const grafanaSecret = new k8s.core.v1.Secret(
      `${name}-grafana-admin`,
      {
        metadata: { name: GRAFANA_ADMIN_SECRET, namespace: ns },
        stringData: pulumi.secret({
          "admin-user": pulumi.output("admin"),
          "admin-password": password.result,
        }),
      },
      child,
    );
    const receivers = new k8s.core.v1.Secret(
      `${name}-receivers`,
      {
        metadata: { name: RECEIVERS_SECRET, namespace: ns },
        stringData: pulumi.secret({
          "webhook-url": pulumi.output(args.alertWebhookUrl),
          "telegram-bot-token": pulumi.output(args.telegramBotToken),
        }),
      },
      child,
    );

    const release = new k8s.helm.v3.Release(
      `${name}-stack`,
      {
        name: RELEASE_NAME,
        chart: CHART_NAME,
        version: args.monitoring.chartVersion,
        repositoryOpts: { repo: CHART_REPO },
        namespace: ns,
        values: chartValues(args),
        atomic: true,
        cleanupOnFail: true,
        timeout: 900,
      },
      { ...child, dependsOn: [grafanaSecret, receivers] },
    );

    for (const target of args.targets) {
      new k8s.apiextensions.CustomResource(
        `${name}-servicemonitor-${target.workload}`,
        {
          apiVersion: "monitoring.coreos.com/v1",
          kind: "ServiceMonitor",
          metadata: { name: k8sName("scoring", target.workload), namespace: args.workloadNamespace },
          spec: {
            selector: { matchLabels: target.selector },
            namespaceSelector: { matchNames: [args.workloadNamespace] },
            endpoints: [
              {
                port: target.portName,
                path: "/metrics",
                interval: "15s",
                relabelings: [
                  { targetLabel: "job", replacement: WORKLOAD_JOBS[target.workload], action: "replace" },
                ],
              },
            ],
          },
        },
        { ...child, dependsOn: [release] },
      );
    }

    new k8s.apiextensions.CustomResource(
      `${name}-alert-rules`,
      {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "PrometheusRule",
        metadata: { name: "antifraud-alerts", namespace: args.workloadNamespace },
        spec: rules,
      },
      { ...child, dependsOn: [release] },
    );

    new k8s.core.v1.ConfigMap(
      `${name}-dashboard`,
      {
        metadata: { name: "antifraud-dashboard", namespace: ns, labels: { grafana_dashboard: "1" } },
        data: { "antifraud.json": dashboard },
      },
      child,
    );

    const grafana = new k8s.core.v1.Service(
      `${name}-grafana-internal`,
      {
        metadata: {
          name: "grafana-internal",
          namespace: ns,
          annotations: args.internalLoadBalancer,
        },
        spec: {
          type: "LoadBalancer",
          selector: { "app.kubernetes.io/name": "grafana", "app.kubernetes.io/instance": RELEASE_NAME },
          ports: [
            {
              name: "http",
              port: 80,
              targetPort: 3000,
              nodePort: args.monitoring.grafanaNodePort,
              protocol: "TCP",
            },
          ],
        },
      },
      { ...child, dependsOn: [release] },
    );
    this.grafanaUrl = grafana.status.apply((status) => {
      const ingress = status?.loadBalancer?.ingress?.[0];
      const host = ingress?.ip ?? ingress?.hostname;
      return host ? `http://${host}` : "pending: load balancer has no address yet";
    });
    this.grafanaAdminPassword = pulumi.secret(password.result);
    this.namespace = ns;
    this.registerOutputs({ grafanaUrl: this.grafanaUrl, namespace: this.namespace });
  }
}
