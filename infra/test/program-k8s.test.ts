import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as k8s from "@pulumi/kubernetes";
import * as dockerBuild from "@pulumi/docker-build";
import { parse } from "yaml";
import { costReportFromConfig } from "../config";
import { AUTHORIZED_KEY_ALGORITHM, JSON_KEY_USERNAME } from "../authorized-key";
import { PLATFORM_NAMESPACE } from "../components/kubernetes";
import {
  CHART_NAME,
  CHART_REPO,
  DASHBOARD_FILE,
  MONITORING_NAMESPACE,
  WORKLOAD_JOBS,
} from "../components/monitoring";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  MANAGED_SERVICES_CA_DIR,
  MANAGED_SERVICES_CA_FILE,
  RUN_AS_USER,
  SCORING_DOCKERFILE,
  STREAM_METRICS_PORT,
} from "../components/scoring-workloads";
import { QUALITY_RESOURCES } from "../components/quality-workload";
import { loadQualityConfig, loadServeConfig, loadStreamConfig } from "@antifraud/scoring";
import { ALERT_RULES_FILE } from "../monitoring/rules-file";
import { bucketName } from "../naming";
import { mockPublicIp, mockYandexId } from "../testing/mock-outputs";
import { OFFLINE_SECRET_CONFIG, type CaptureResult, type StackName } from "../testing/capture";
import * as yandex from "../yandex";
import { at, captureBoth, configOf, ofType, one, tokenOf } from "./helpers";
import { sparkJobProperties } from "../components/spark-jobs/job-properties";

let captured: Record<StackName, CaptureResult>;
beforeAll(async () => {
  captured = await captureBoth();
}, 120_000);

const T = {
  deployment: tokenOf(k8s.apps.v1.Deployment),
  statefulSet: tokenOf(k8s.apps.v1.StatefulSet),
  service: tokenOf(k8s.core.v1.Service),
  secret: tokenOf(k8s.core.v1.Secret),
  configMap: tokenOf(k8s.core.v1.ConfigMap),
  hpa: tokenOf(k8s.autoscaling.v2.HorizontalPodAutoscaler),
  pdb: tokenOf(k8s.policy.v1.PodDisruptionBudget),
  release: tokenOf(k8s.helm.v3.Release),
  image: tokenOf(dockerBuild.Image),
  pusherKey: tokenOf(yandex.IamServiceAccountKey),
  serviceMonitor: "kubernetes:monitoring.coreos.com/v1:ServiceMonitor",
  prometheusRule: "kubernetes:monitoring.coreos.com/v1:PrometheusRule",
};

describe.each(["dev", "prod"] as const)("%s stack: workloads, monitoring, outputs", (stack) => {
  const config = configOf(stack);
  const result = () => captured[stack];
  const resources = () => captured[stack].resources;
  /** serve runs as a Deployment; stream as a StatefulSet (stable pod names = its Kafka ids). */
  const workloadOf = (workload: "serve" | "stream" | "quality") =>
    one(resources(), workload === "serve" ? T.deployment : T.statefulSet, `scoring-${workload}`);

  it("sends every Kubernetes resource through the explicit provider built from the cluster", () => {
    const provider = one(resources(), "pulumi:providers:kubernetes", "kubernetes-provider");
    expect(provider.secretInputPaths).toContain("kubeconfig");
    const kube = resources().filter((r) => r.custom && r.type.startsWith("kubernetes:"));
    expect(kube.length).toBeGreaterThan(10);
    for (const r of kube) expect(r.provider).toBe(`${provider.urn}::kubernetes-provider-id`);
  });

  it("builds and pushes the scoring image from the repo's Dockerfile and pins pods to its digest", () => {
    const image = one(resources(), T.image, "scoring-image").inputs;
    expect(image.push).toBe(true);
    expect(at(image, "dockerfile.location")).toBe(SCORING_DOCKERFILE);
    expect(one(resources(), T.image, "scoring-image").secretInputPaths).toContain("registries");
    const scoring = [...ofType(resources(), T.deployment), ...ofType(resources(), T.statefulSet)].filter(
      (d) => d.name.startsWith("scoring-"),
    );
    expect(scoring).toHaveLength(3);
    for (const d of scoring) {
      expect(at(d.inputs, "spec.template.spec.containers[0].image")).toMatch(
        /^cr\.yandex\/crp[0-9a-f]{17}\/scoring@sha256:[0-9a-f]{64}$/,
      );
    }
  });

  it("logs in to the registry as the image pusher with the authorized key the stack owns", () => {
    const key = one(resources(), T.pusherKey, "kubernetes-pusher-key").inputs;
    const pusher = mockYandexId("aje", "identity-imagePusher");
    expect(key).toMatchObject({
      serviceAccountId: pusher,
      keyAlgorithm: AUTHORIZED_KEY_ALGORITHM,
      format: "PEM_FILE",
    });
    expect(key).not.toHaveProperty("pgpKey");
    expect(ofType(resources(), T.pusherKey)).toHaveLength(1);
    const image = one(resources(), T.image, "scoring-image");
    const registries = image.inputs.registries as Array<Record<string, string>>;
    expect(registries.map((r) => [r.address, r.username])).toEqual([["cr.yandex", JSON_KEY_USERNAME]]);
    const keyFile = JSON.parse(registries[0]?.password as string) as Record<string, string>;
    expect(Object.keys(keyFile)).toEqual([
      "id",
      "service_account_id",
      "created_at",
      "key_algorithm",
      "public_key",
      "private_key",
    ]);
    expect(keyFile).toMatchObject({
      id: mockYandexId("aje", "kubernetes-pusher-key"),
      service_account_id: pusher,
      key_algorithm: AUTHORIZED_KEY_ALGORITHM,
    });
    expect(keyFile.private_key).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(image.secretInputPaths).toEqual(["registries"]);
    const registryBindings = ofType(resources(), tokenOf(yandex.ContainerRegistryIamBinding)).map(
      (b) => b.urn,
    );
    expect([...image.dependencies].sort()).toEqual(expect.arrayContaining(registryBindings.sort()));
    expect(registryBindings).toHaveLength(2);
  });

  it.each(["serve", "stream"] as const)(
    "hardens the %s deployment with probes, limits and a read-only non-root container",
    (workload) => {
      const d = workloadOf(workload).inputs;
      const w = config.scoring[workload];
      expect(at(d, "metadata.namespace")).toBe(PLATFORM_NAMESPACE);
      expect(at(d, "spec.replicas")).toBe(w.minReplicas);
      const pod = at(d, "spec.template.spec") as Record<string, unknown>;
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: RUN_AS_USER });
      // The uid the image test runs the image as (its USER) is the one the pods run as.
      const imageUser = /^USER (\d+):(\d+)$/m.exec(readFileSync(SCORING_DOCKERFILE, "utf8"));
      expect([Number(imageUser?.[1]), Number(imageUser?.[2])]).toEqual([RUN_AS_USER, RUN_AS_USER]);
      const c = at(pod, "containers[0]") as Record<string, unknown>;
      expect(c.args).toEqual([workload]);
      expect(c.securityContext).toEqual({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        capabilities: { drop: ["ALL"] },
      });
      expect(c.resources).toEqual({
        requests: { cpu: w.resources.cpuRequest, memory: w.resources.memoryRequest },
        limits: { cpu: w.resources.cpuLimit, memory: w.resources.memoryLimit },
      });
      const port = workload === "serve" ? "health" : "metrics";
      expect(at(c, "livenessProbe.httpGet")).toEqual({ path: "/healthz", port });
      expect(at(c, "readinessProbe.httpGet")).toEqual({ path: "/readyz", port });
      expect(at(c, "ports[0].containerPort")).toBe(
        workload === "serve" ? config.scoring.port : STREAM_METRICS_PORT,
      );
      const secretKeys = (
        c.env as Array<{ name: string; value?: unknown; valueFrom?: { secretKeyRef?: unknown } }>
      )
        .filter((e) => e.valueFrom?.secretKeyRef)
        .map((e) => e.name)
        .sort();
      expect(secretKeys).toEqual(
        [
          "AWS_ACCESS_KEY_ID",
          "AWS_SECRET_ACCESS_KEY",
          "REDIS_URL",
          ...(workload === "stream" ? ["KAFKA_SASL_PASSWORD"] : []),
        ].sort(),
      );
    },
  );

  it.each(["serve", "stream"] as const)(
    "gives the %s container an environment the scoring service's own config validation accepts",
    async (workload) => {
      const env = at(workloadOf(workload).inputs, "spec.template.spec.containers[0].env") as Array<{
        name: string;
        value?: unknown;
        valueFrom?: { secretKeyRef?: unknown; fieldRef?: unknown };
      }>;
      // Secrets and the pod name are resolved by Kubernetes; stand-ins of the right shape take their place.
      const standIn: Record<string, string> = {
        REDIS_URL: "rediss://:password@redis.internal:6380",
        KAFKA_SASL_PASSWORD: "password",
        AWS_ACCESS_KEY_ID: "key",
        AWS_SECRET_ACCESS_KEY: "secret",
        KAFKA_TRANSACTIONAL_ID: "scoring-stream-0",
        KAFKA_GROUP_INSTANCE_ID: "scoring-stream-0",
      };
      // Public keys come from the stack's ConfigMap, as the kubelet resolves them.
      const keys = at(one(resources(), T.configMap, "scoring-keys-public-keys").inputs, "data") as Record<
        string,
        string
      >;
      // The mounted CA: a local file stands in for the Secret volume's.
      const caDir = mkdtempSync(join(tmpdir(), "program-k8s-"));
      const caFile = join(caDir, "ca.pem");
      writeFileSync(caFile, "-----BEGIN CERTIFICATE-----\n");
      const values = Object.fromEntries(
        env.map((e) => {
          const value = e.value === undefined ? (standIn[e.name] ?? keys[e.name]) : String(e.value);
          return [e.name, value === MANAGED_SERVICES_CA_FILE ? caFile : value];
        }),
      );
      expect(Object.entries(values).filter(([, v]) => v === undefined)).toEqual([]);
      const load = workload === "serve" ? loadServeConfig : loadStreamConfig;
      expect(() => load(values)).not.toThrow();
      expect(values.REDIS_TLS_CA_PATH).toBe(caFile);
      if (workload === "stream") {
        expect([
          values.KAFKA_SECURITY_PROTOCOL,
          values.KAFKA_SSL_CA_PATH,
          values.KAFKA_SASL_MECHANISM,
        ]).toEqual(["sasl_ssl", caFile, "scram-sha-512"]);
        const podName = (key: string) => env.find((e) => e.name === key)?.valueFrom?.fieldRef;
        expect(podName("KAFKA_TRANSACTIONAL_ID")).toEqual({ fieldPath: "metadata.name" });
        expect(podName("KAFKA_GROUP_INSTANCE_ID")).toEqual({ fieldPath: "metadata.name" });
      }
      rmSync(caDir, { recursive: true, force: true });
    },
  );

  it.each(["serve", "stream"] as const)(
    "mounts Yandex's CA from its Secret read-only into the %s pods (nothing is downloaded at start)",
    (workload) => {
      const pod = at(workloadOf(workload).inputs, "spec.template.spec") as Record<string, unknown>;
      expect(at(pod, "containers[0].volumeMounts")).toContainEqual({
        name: "managed-services-ca",
        mountPath: MANAGED_SERVICES_CA_DIR,
        readOnly: true,
      });
      expect(pod.volumes).toContainEqual({
        name: "managed-services-ca",
        secret: { secretName: "scoring-managed-services-ca" },
      });
      const ca = one(resources(), T.secret, "scoring-managed-services-ca");
      expect(at(ca.inputs, "stringData")).toEqual({
        "ca.pem": OFFLINE_SECRET_CONFIG["antifraud:managedServicesCaPem"],
      });
      expect(ca.secretInputPaths).toContain("stringData");
    },
  );

  it("runs the quality consumer as its own StatefulSet: Kafka only, a consumer group per pod, redundant in prod", async () => {
    const sts = workloadOf("quality").inputs;
    expect(at(sts, "spec.replicas")).toBe(stack === "prod" ? 2 : 1);
    expect(at(sts, "spec.serviceName")).toBe("scoring-quality");
    const c = at(sts, "spec.template.spec.containers[0]") as Record<string, unknown>;
    expect(c.args).toEqual(["quality"]);
    expect(c.resources).toEqual({
      requests: { cpu: QUALITY_RESOURCES.cpuRequest, memory: QUALITY_RESOURCES.memoryRequest },
      limits: { cpu: QUALITY_RESOURCES.cpuLimit, memory: QUALITY_RESOURCES.memoryLimit },
    });
    expect(at(c, "readinessProbe.httpGet")).toEqual({ path: "/readyz", port: "metrics" });
    const env = c.env as Array<{ name: string; value?: unknown; valueFrom?: { fieldRef?: unknown } }>;
    expect(env.find((e) => e.name === "QUALITY_KAFKA_GROUP_ID")?.valueFrom?.fieldRef).toEqual({
      fieldPath: "metadata.name",
    });
    const caDir = mkdtempSync(join(tmpdir(), "program-k8s-quality-"));
    const caFile = join(caDir, "ca.pem");
    writeFileSync(caFile, "-----BEGIN CERTIFICATE-----\n");
    const standIn: Record<string, string> = {
      KAFKA_SASL_PASSWORD: "password",
      QUALITY_KAFKA_GROUP_ID: "scoring-quality-0",
    };
    const values = Object.fromEntries(
      env.map((e) => {
        const value = e.value === undefined ? standIn[e.name] : String(e.value);
        return [e.name, value === MANAGED_SERVICES_CA_FILE ? caFile : value];
      }),
    );
    try {
      expect(Object.entries(values).filter(([, v]) => v === undefined)).toEqual([]);
      expect(loadQualityConfig(values)).toMatchObject({
        KAFKA_SECURITY_PROTOCOL: "sasl_ssl",
        KAFKA_SASL_USERNAME: "scoring-quality",
        KAFKA_SSL_CA_PATH: caFile,
        QUALITY_KAFKA_GROUP_ID: "scoring-quality-0",
      });
      expect(Object.keys(values).filter((k) => /^(REDIS|AWS|MODELS|FEATURES)_/.test(k))).toEqual([]);
    } finally {
      rmSync(caDir, { recursive: true, force: true });
    }
  });

  it("runs the stream worker as a StatefulSet rolled one pod at a time, so each pod name is a stable Kafka identity", () => {
    const sts = workloadOf("stream").inputs;
    expect(at(sts, "spec.serviceName")).toBe("scoring-stream");
    // RollingUpdate without maxUnavailable (an alpha field): one pod at a time, highest ordinal first.
    expect(at(sts, "spec.updateStrategy")).toEqual({ type: "RollingUpdate" });
    expect(
      ofType(resources(), T.deployment)
        .map((d) => d.name)
        .filter((n) => n.startsWith("scoring-")),
    ).toEqual(["scoring-serve"]);
  });

  it("keeps credentials in one secret per backend, referenced only by the workloads that use them", () => {
    const secrets = ofType(resources(), T.secret).filter((r) => r.name.startsWith("scoring-"));
    expect(
      secrets
        .map((r) => [r.name, Object.keys(r.inputs.stringData as object).sort(), r.secretInputPaths])
        .sort(),
    ).toEqual([
      ["scoring-kafka-credentials", ["KAFKA_SASL_PASSWORD"], ["stringData"]],
      ["scoring-managed-services-ca", ["ca.pem"], ["stringData"]],
      ["scoring-quality-kafka-credentials", ["KAFKA_SASL_PASSWORD"], ["stringData"]],
      ["scoring-redis-credentials", ["REDIS_URL"], ["stringData"]],
      ["scoring-storage-credentials", ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"], ["stringData"]],
    ]);
    const referenced = (workload: string) =>
      (
        (
          at(
            workloadOf(workload as "serve" | "stream" | "quality").inputs,
            "spec.template.spec.containers[0].env",
          ) as Array<Record<string, unknown>>
        )
          .map((e) => at(e, "valueFrom.secretKeyRef.name"))
          .filter(Boolean) as string[]
      ).sort();
    expect([...new Set(referenced("serve"))]).toEqual(["scoring-redis", "scoring-storage"]);
    expect([...new Set(referenced("stream"))]).toEqual(["scoring-kafka", "scoring-redis", "scoring-storage"]);
    expect([...new Set(referenced("quality"))]).toEqual(["scoring-quality-kafka"]);
    expect(
      at(one(resources(), T.secret, "scoring-redis-credentials").inputs, "stringData.REDIS_URL"),
    ).toMatch(/^rediss:\/\/:[A-Za-z0-9]{32}@c-c9q[0-9a-f]{17}\.rw\.mdb\.yandexcloud\.net:6380$/);
  });

  it("puts the API behind an internal load balancer in the VPC with only its port", () => {
    const api = one(resources(), T.service, "scoring-serve-service").inputs;
    expect(at(api, "metadata.annotations")).toEqual({
      "yandex.cloud/load-balancer-type": "internal",
      "yandex.cloud/subnet-id": expect.stringMatching(/^e9b[0-9a-f]{17}$/),
    });
    expect((at(api, "spec.ports") as unknown[]).length).toBe(1);
  });

  it("denies all traffic in the platform namespace except the listed allows", () => {
    const policies = ofType(resources(), "kubernetes:networking.k8s.io/v1:NetworkPolicy").filter(
      (p) => at(p.inputs, "metadata.namespace") === PLATFORM_NAMESPACE,
    );
    expect(policies.map((p) => at(p.inputs, "metadata.name")).sort()).toEqual([
      "allow-quality",
      "allow-serve",
      "allow-stream",
      "default-deny",
    ]);
    const spec = (n: string) =>
      at(policies.find((p) => at(p.inputs, "metadata.name") === n)!.inputs, "spec") as Record<
        string,
        unknown
      >;
    expect(spec("default-deny")).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    const serve = spec("allow-serve");
    const ingressPorts = (serve.ingress as Array<{ ports: Array<{ port: number }>; from: unknown[] }>).map(
      (r) => [r.ports.map((p) => p.port), r.from],
    );
    expect(ingressPorts).toEqual([
      [[config.scoring.port], config.scoring.clientCidrs.map((cidr) => ({ ipBlock: { cidr } }))],
      [
        [9464],
        [
          {
            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } },
            podSelector: { matchLabels: { "app.kubernetes.io/name": "prometheus" } },
          },
        ],
      ],
      [[8081], expect.arrayContaining([{ ipBlock: { cidr: expect.stringMatching(/^10\./) } }])],
    ]);
    const egressPorts = (policy: string) =>
      (spec(policy).egress as Array<{ ports: Array<{ port: number }> }>).map((r) =>
        r.ports.map((p) => p.port),
      );
    expect(egressPorts("allow-serve")).toEqual([[53, 53], [6380, 26379], [443]]);
    expect(egressPorts("allow-stream")).toEqual([[53, 53], [6380, 26379], [443], [9091]]);
    // The quality consumer reads Kafka only: no Redis, no Object Storage.
    expect(egressPorts("allow-quality")).toEqual([[53, 53], [9091]]);
    const everyCidr = JSON.stringify(policies.map((p) => p.inputs));
    expect(everyCidr).not.toContain("0.0.0.0/0");
  });

  it("exposes only the HTTP API through a LoadBalancer on the configured node port", () => {
    const lbs = ofType(resources(), T.service).filter((s) => at(s.inputs, "spec.type") === "LoadBalancer");
    // Besides the API: Grafana's and MLflow's internal load balancers (MLflow's: infra/test/program-pipelines.test.ts).
    expect(lbs.map((s) => s.name).sort()).toEqual([
      "mlflow-internal-service",
      "monitoring-grafana-internal",
      "scoring-serve-service",
    ]);
    expect(at(one(resources(), T.service, "scoring-serve-service").inputs, "spec.ports[0]")).toMatchObject({
      port: config.scoring.loadBalancerPort,
      nodePort: config.scoring.nodePort,
      targetPort: "http",
    });
    expect(
      at(one(resources(), T.service, "monitoring-grafana-internal").inputs, "metadata.annotations"),
    ).toMatchObject({
      "yandex.cloud/load-balancer-type": "internal",
    });
  });

  it(stack === "prod" ? "adds HPAs and PodDisruptionBudgets" : "has no HPA or PodDisruptionBudget", () => {
    const hpas = ofType(resources(), T.hpa);
    const pdbs = ofType(resources(), T.pdb).filter((p) => p.name.startsWith("scoring-"));
    if (stack === "dev") {
      expect([hpas, pdbs]).toEqual([[], []]);
      return;
    }
    expect(
      hpas.map((h) => [h.name, at(h.inputs, "spec.minReplicas"), at(h.inputs, "spec.maxReplicas")]).sort(),
    ).toEqual([
      ["scoring-serve-hpa", config.scoring.serve.minReplicas, config.scoring.serve.maxReplicas],
      ["scoring-stream-hpa", config.scoring.stream.minReplicas, config.scoring.stream.maxReplicas],
    ]);
    expect(pdbs.map((p) => [p.name, at(p.inputs, "spec.maxUnavailable")]).sort()).toEqual([
      ["scoring-quality-pdb", 1],
      ["scoring-serve-pdb", 1],
      ["scoring-stream-pdb", 1],
    ]);
  });

  it("installs the pinned kube-prometheus-stack with cross-namespace discovery and config-driven sizing", () => {
    const release = one(resources(), T.release, "monitoring-stack").inputs;
    expect([release.chart, release.version, at(release, "repositoryOpts.repo"), release.namespace]).toEqual([
      CHART_NAME,
      config.monitoring.chartVersion,
      CHART_REPO,
      MONITORING_NAMESPACE,
    ]);
    const spec = at(release, "values.prometheus.prometheusSpec") as Record<string, unknown>;
    for (const key of ["serviceMonitor", "podMonitor", "rule", "probe", "scrapeConfig"])
      expect(spec[`${key}SelectorNilUsesHelmValues`]).toBe(false);
    expect(spec.retention).toBe(config.monitoring.retention);
    expect(at(spec, "resources.limits.memory")).toBe(config.monitoring.prometheusResources.memoryLimit);
    expect(at(spec, "storageSpec.volumeClaimTemplate.spec.resources.requests.storage")).toBe(
      `${config.monitoring.storageGb}Gi`,
    );
    expect(at(release, "values.grafana.admin.existingSecret")).toBe("grafana-admin");
    const receivers = at(release, "values.alertmanager.config.receivers") as Array<Record<string, unknown>>;
    expect(receivers.map((r) => r.name)).toEqual(["null", "webhook", "telegram"]);
    expect(at(receivers[2], "telegram_configs[0].chat_id")).toBe(Number(config.monitoring.telegramChatId));
    expect(JSON.stringify(release)).not.toContain(OFFLINE_SECRET_CONFIG["antifraud:telegramBotToken"]);
    expect(JSON.stringify(release)).not.toContain(OFFLINE_SECRET_CONFIG["antifraud:alertWebhookUrl"]);
    const receiverSecret = one(resources(), T.secret, "monitoring-receivers");
    expect(receiverSecret.secretInputPaths).toEqual(["stringData"]);
    expect(at(receiverSecret.inputs, "stringData.telegram-bot-token")).toBe(
      OFFLINE_SECRET_CONFIG["antifraud:telegramBotToken"],
    );
  });

  it("scrapes every workload with the job names the alert rules select", () => {
    const monitors = ofType(resources(), T.serviceMonitor);
    expect(
      monitors
        .map((m) => [
          m.name,
          at(m.inputs, "spec.endpoints[0].port"),
          at(m.inputs, "spec.endpoints[0].relabelings[0].replacement"),
        ])
        .sort(),
    ).toEqual([
      ["monitoring-servicemonitor-quality", "metrics", WORKLOAD_JOBS.quality],
      ["monitoring-servicemonitor-serve", "metrics", WORKLOAD_JOBS.serve],
      ["monitoring-servicemonitor-stream", "metrics", WORKLOAD_JOBS.stream],
    ]);
    const release = one(resources(), T.release, "monitoring-stack");
    for (const m of monitors) {
      expect(m.dependencies).toContain(release.urn);
      // Exactly one Service carries the selected labels: a ClusterIP one with the metrics port alone,
      // so /metrics is never behind the load balancer.
      const selector = at(m.inputs, "spec.selector.matchLabels") as Record<string, string>;
      const selected = ofType(resources(), T.service).filter((s) =>
        Object.entries(selector).every(
          ([k, v]) => (at(s.inputs, "metadata.labels") as Record<string, string> | undefined)?.[k] === v,
        ),
      );
      expect(selected.map((s) => [at(s.inputs, "spec.type"), at(s.inputs, "spec.ports")])).toEqual([
        ["ClusterIP", [{ name: "metrics", port: 9464, targetPort: "metrics", protocol: "TCP" }]],
      ]);
    }
  });

  it("deploys the repo's rules file and dashboard unchanged", () => {
    const rule = one(resources(), T.prometheusRule, "monitoring-alert-rules");
    expect(rule.inputs.spec).toEqual(parse(readFileSync(ALERT_RULES_FILE, "utf8")));
    const dashboard = one(resources(), T.configMap, "monitoring-dashboard").inputs;
    expect(at(dashboard, "metadata.labels")).toEqual({ grafana_dashboard: "1" });
    expect((dashboard.data as Record<string, string>)["antifraud.json"]).toBe(
      readFileSync(DASHBOARD_FILE, "utf8"),
    );
  });

  it("resolves the outputs to the deployed endpoints and names", () => {
    const { outputs } = result();
    expect(outputs.scoringEndpoint).toBe(`http://${mockPublicIp("scoring-serve-service:lb")}`);
    expect(outputs.grafanaUrl).toBe(`http://${mockPublicIp("monitoring-grafana-internal:lb")}`);
    const brokers = (outputs.kafkaBootstrapServers as string).split(",");
    expect(brokers).toHaveLength(config.zones.length * config.kafka.brokersPerZone);
    for (const b of brokers) expect(b).toMatch(/^rc1[abd]-[0-9a-f]{16}\.mdb\.yandexcloud\.net:9091$/);
    expect(outputs.buckets).toEqual({
      raw: bucketName(stack, "raw", config.yandex.folderId),
      clean: bucketName(stack, "clean", config.yandex.folderId),
      models: bucketName(stack, "models", config.yandex.folderId),
      spark: bucketName(stack, "spark", config.yandex.folderId),
      airflow: bucketName(stack, "airflow", config.yandex.folderId),
    });
    expect(outputs.costEstimate).toEqual(JSON.parse(JSON.stringify(costReportFromConfig(config))));
    expect(outputs.sparkJobProperties).toEqual(sparkJobProperties(config.spark));
    const kubeconfig = parse(outputs.kubeconfig as string);
    // A private API (prod) is reached at its VPC address.
    expect(at(kubeconfig, "clusters[0].cluster.server")).toBe(
      config.kubernetes.publicApi ? `https://${mockPublicIp("kubernetes-cluster:api")}` : "https://10.0.0.2",
    );
    expect(at(kubeconfig, "users[0].user.exec.command")).toBe("yc");
  });

  it("keeps secrets secret: only the kubeconfig, private keys and the Airflow admin password are secret outputs, secret values travel only as secrets", () => {
    expect(result().secretOutputs.sort()).toEqual([
      "airflowAdminPassword",
      "kubeconfig",
      "modelSigningKey",
      "scoringTokenIssuerKey",
    ]);
    const generated = [
      ...ofType(resources(), "yandex:index/mdbKafkaUser:MdbKafkaUser").map(
        (r) => r.inputs.password as string,
      ),
      at(
        one(resources(), "yandex:index/mdbRedisCluster:MdbRedisCluster", "redis-cluster").inputs,
        "config.password",
      ) as string,
      at(
        one(resources(), T.secret, "monitoring-grafana-admin").inputs,
        "stringData.admin-password",
      ) as string,
      one(resources(), "yandex:index/airflowCluster:AirflowCluster", "airflow-cluster").inputs
        .adminPassword as string,
      one(resources(), "yandex:index/mdbPostgresqlUser:MdbPostgresqlUser", "postgresql-user").inputs
        .password as string,
    ];
    const registryPassword = at(one(resources(), T.image, "scoring-image").inputs, "registries[0].password");
    const privateKey = (JSON.parse(registryPassword as string) as { private_key: string }).private_key;
    generated.push(registryPassword as string, privateKey);
    const keyPairs = ofType(resources(), "tls:index/privateKey:PrivateKey");
    expect(keyPairs.map((k) => [k.name, k.inputs.algorithm]).sort()).toEqual([
      ["scoring-keys-model-signing", "ED25519"],
      ["scoring-keys-token-issuer", "ED25519"],
    ]);
    expect(JSON.stringify(result().outputs)).not.toContain(privateKey);
    expect(generated.every((v) => typeof v === "string" && v.length >= 24)).toBe(true);
    const secretValues = [...Object.values(OFFLINE_SECRET_CONFIG), ...generated];
    for (const r of resources()) {
      const visible = JSON.parse(JSON.stringify(r.inputs)) as Record<string, unknown>;
      for (const p of r.secretInputPaths) {
        const parts = p.split(".");
        const last = parts.pop() as string;
        const holder = parts.length ? (at(visible, parts.join(".")) as Record<string, unknown>) : visible;
        delete holder[last];
      }
      const text = JSON.stringify(visible);
      for (const value of secretValues) expect(text).not.toContain(value);
    }
  });
});
