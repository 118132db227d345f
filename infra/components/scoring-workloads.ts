import * as path from "node:path";
import * as dockerBuild from "@pulumi/docker-build";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig, WorkloadConfig } from "../config/schema";
import { k8sName } from "../naming";
import { PUBLIC_KEYS_CONFIG_MAP_KEYS } from "./scoring-keys";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
export const SCORING_DOCKERFILE = path.join(REPO_ROOT, "services", "scoring", "Dockerfile");
/** Port of /metrics (serve and stream); the stream worker answers /healthz and /readyz there too. */
export const STREAM_METRICS_PORT = 9464;
export const METRICS_PORT = STREAM_METRICS_PORT;
/** Port of the serve container's /healthz and /readyz (the kubelet's only). */
export const HEALTH_PORT = 8081;
/** Label of the Services the ServiceMonitors select: only ClusterIP Services carrying /metrics. */
export const METRICS_SERVICE_LABEL = "antifraud.io/metrics";
/** Unprivileged user the containers run as: the image's own USER (uid 1000), the one its test runs. */
export const RUN_AS_USER = 1000;

export type WorkloadName = "serve" | "stream";

/** Pod labels of each workload (Deployment selector, Services, NetworkPolicies, PDBs). */
export const SCORING_POD_LABELS: Record<WorkloadName, Record<string, string>> = {
  serve: {
    "app.kubernetes.io/name": "scoring",
    "app.kubernetes.io/component": "serve",
    "app.kubernetes.io/part-of": "antifraud",
  },
  stream: {
    "app.kubernetes.io/name": "scoring",
    "app.kubernetes.io/component": "stream",
    "app.kubernetes.io/part-of": "antifraud",
  },
};

export interface ScoringWorkloadsArgs {
  readonly stack: string;
  /** Namespace of the platform (already created). */
  readonly namespace: pulumi.Input<string>;
  /** Repository the image is pushed to, e.g. `cr.yandex/<registry id>/scoring`. */
  readonly imageRepository: pulumi.Input<string>;
  /** Registry login for the push; the password is secret. */
  readonly registry: { address: string; username: pulumi.Input<string>; password: pulumi.Input<string> };
  /** Registry IAM bindings the push (and the nodes' pulls) need in place; default none. */
  readonly registryAccess?: pulumi.Input<pulumi.Resource>[];
  readonly scoring: StackConfig["scoring"];
  readonly kafka: {
    bootstrapServers: pulumi.Input<string>;
    username: string;
    password: pulumi.Input<string>;
  };
  readonly redis: { url: pulumi.Input<string> };
  /** ConfigMap holding MODEL_SIGNING_PUBLIC_KEYS and AUTH_TOKEN_PUBLIC_KEYS (ScoringKeys). */
  readonly publicKeysConfigMap: pulumi.Input<string>;
  /** Subnet of the internal load balancer (when scoring.publicEndpoint is false). */
  readonly internalSubnetId: pulumi.Input<string>;
  readonly storage: {
    modelsRoot: pulumi.Input<string>;
    featuresRoot: pulumi.Input<string>;
    accessKey: pulumi.Input<string>;
    secretKey: pulumi.Input<string>;
  };
}

interface WorkloadShape {
  readonly name: WorkloadName;
  readonly ports: ReadonlyArray<{ name: string; port: number }>;
  /** Port name of the probes. */
  readonly healthPortName: string;
  readonly config: WorkloadConfig;
}

/**
 * The scoring image (built from services/scoring/Dockerfile and pushed by digest) and its two
 * workloads: `serve` (HTTP API behind an internal network load balancer in the VPC, or a public one
 * when scoring.publicEndpoint says so) and `stream` (Kafka worker). /metrics is on its own port,
 * behind ClusterIP Services only; probes on a port of their own. Hardened pods, probes, requests
 * and limits; HPAs and PodDisruptionBudgets when enabled (prod).
 */
export class ScoringWorkloads extends pulumi.ComponentResource {
  /** Image reference pinned by digest (`repo@sha256:...`). */
  readonly imageRef: pulumi.Output<string>;
  /** `http://<lb address>[:port]` of the scoring API. */
  readonly endpoint: pulumi.Output<string>;
  /** Services the monitoring component scrapes, with the port name serving /metrics. */
  readonly metricsTargets: ReadonlyArray<{
    workload: WorkloadName;
    portName: string;
    selector: Record<string, string>;
  }>;

  constructor(name: string, args: ScoringWorkloadsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("antifraud:scoring:ScoringWorkloads", name, { scoring: args.scoring }, opts);
    const s = args.scoring;
    for (const w of ["serve", "stream"] as const) {
      if (s[w].minReplicas > s[w].maxReplicas)
        throw new Error(`${name}: ${w} minReplicas exceeds maxReplicas`);
    }
    const child = { parent: this };

    const image = new dockerBuild.Image(
      `${name}-image`,
      {
        context: { location: REPO_ROOT },
        dockerfile: { location: SCORING_DOCKERFILE },
        platforms: ["linux/amd64"],
        tags: [pulumi.interpolate`${args.imageRepository}:${args.stack}`],
        push: true,
        registries: [
          {
            address: args.registry.address,
            username: args.registry.username,
            password: pulumi.secret(args.registry.password),
          },
        ],
      },
      { parent: this, dependsOn: args.registryAccess ?? [] },
    );
    this.imageRef = image.ref;

    // One Secret per backend, so each workload references only the credentials it uses.
    const credentials = (kind: string, data: Record<string, pulumi.Input<string>>) =>
      new k8s.core.v1.Secret(
        `${name}-${kind}-credentials`,
        {
          metadata: { name: k8sName("scoring", kind), namespace: args.namespace },
          type: "Opaque",
          stringData: pulumi.secret(pulumi.output(data)),
        },
        child,
      );
    const secrets = {
      kafka: {
        secret: credentials("kafka", { KAFKA_SASL_PASSWORD: args.kafka.password }),
        keys: ["KAFKA_SASL_PASSWORD"],
      },
      redis: { secret: credentials("redis", { REDIS_URL: args.redis.url }), keys: ["REDIS_URL"] },
      storage: {
        secret: credentials("storage", {
          AWS_ACCESS_KEY_ID: args.storage.accessKey,
          AWS_SECRET_ACCESS_KEY: args.storage.secretKey,
        }),
        keys: ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"],
      },
    };

    const shapes: WorkloadShape[] = [
      {
        name: "serve",
        ports: [
          { name: "http", port: s.port },
          { name: "metrics", port: METRICS_PORT },
          { name: "health", port: HEALTH_PORT },
        ],
        healthPortName: "health",
        config: s.serve,
      },
      {
        name: "stream",
        ports: [{ name: "metrics", port: METRICS_PORT }],
        healthPortName: "metrics",
        config: s.stream,
      },
    ];
    const publicKey = (key: string): k8s.types.input.core.v1.EnvVar => ({
      name: key,
      valueFrom: { configMapKeyRef: { name: args.publicKeysConfigMap, key } },
    });
    const env = (w: WorkloadShape): k8s.types.input.core.v1.EnvVar[] => [
      { name: "LOG_LEVEL", value: "info" },
      { name: "HTTP_HOST", value: "0.0.0.0" },
      { name: "HTTP_PORT", value: String(s.port) },
      { name: "METRICS_PORT", value: String(METRICS_PORT) },
      { name: "MODELS_ROOT", value: args.storage.modelsRoot },
      { name: "FEATURES_ROOT", value: args.storage.featuresRoot },
      { name: "S3_ENDPOINT", value: "https://storage.yandexcloud.net" },
      { name: "S3_REGION", value: "ru-central1" },
      publicKey(PUBLIC_KEYS_CONFIG_MAP_KEYS.modelSigning),
      ...(w.name === "serve"
        ? [
            { name: "HEALTH_PORT", value: String(HEALTH_PORT) },
            publicKey(PUBLIC_KEYS_CONFIG_MAP_KEYS.tokenIssuer),
          ]
        : []),
      ...(w.name === "stream"
        ? [
            { name: "KAFKA_BROKERS", value: args.kafka.bootstrapServers },
            { name: "KAFKA_SSL", value: "true" },
            { name: "KAFKA_SASL_MECHANISM", value: "scram-sha-512" },
            { name: "KAFKA_SASL_USERNAME", value: args.kafka.username },
            // Managed Kafka only listens on SASL_SSL, and the lean wire producer speaks no SASL.
            { name: "KAFKA_PRODUCER", value: "kafkajs" },
            { name: "KAFKA_TRANSACTIONAL_ID", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
          ]
        : []),
    ];
    const secretEnv = (w: WorkloadShape): k8s.types.input.core.v1.EnvVar[] =>
      (w.name === "stream"
        ? [secrets.kafka, secrets.redis, secrets.storage]
        : [secrets.redis, secrets.storage]
      ).flatMap(({ secret, keys }) =>
        keys.map((key) => ({ name: key, valueFrom: { secretKeyRef: { name: secret.metadata.name, key } } })),
      );

    const targets: Array<{ workload: WorkloadName; portName: string; selector: Record<string, string> }> = [];
    let endpoint: pulumi.Output<string> | undefined;
    for (const w of shapes) {
      const labels = SCORING_POD_LABELS[w.name];
      const workloadName = k8sName("scoring", w.name);
      const probe = (p: string, periodSeconds: number, failureThreshold: number) => ({
        httpGet: { path: p, port: w.healthPortName },
        periodSeconds,
        failureThreshold,
        timeoutSeconds: 2,
      });
      const deployment = new k8s.apps.v1.Deployment(
        `${name}-${w.name}`,
        {
          metadata: { name: workloadName, namespace: args.namespace, labels },
          spec: {
            replicas: w.config.minReplicas,
            selector: { matchLabels: labels },
            strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
            template: {
              metadata: { labels },
              spec: {
                automountServiceAccountToken: false,
                securityContext: {
                  runAsNonRoot: true,
                  runAsUser: RUN_AS_USER,
                  runAsGroup: RUN_AS_USER,
                  fsGroup: RUN_AS_USER,
                  seccompProfile: { type: "RuntimeDefault" },
                },
                topologySpreadConstraints: [
                  {
                    maxSkew: 1,
                    topologyKey: "topology.kubernetes.io/zone",
                    whenUnsatisfiable: "ScheduleAnyway",
                    labelSelector: { matchLabels: labels },
                  },
                ],
                terminationGracePeriodSeconds: 30,
                containers: [
                  {
                    name: w.name,
                    image: image.ref,
                    args: [w.name],
                    ports: w.ports.map((p) => ({ name: p.name, containerPort: p.port, protocol: "TCP" })),
                    env: [...env(w), ...secretEnv(w)],
                    resources: {
                      requests: {
                        cpu: w.config.resources.cpuRequest,
                        memory: w.config.resources.memoryRequest,
                      },
                      limits: { cpu: w.config.resources.cpuLimit, memory: w.config.resources.memoryLimit },
                    },
                    startupProbe: probe("/healthz", 5, 24),
                    livenessProbe: probe("/healthz", 10, 3),
                    readinessProbe: probe("/readyz", 5, 2),
                    securityContext: {
                      allowPrivilegeEscalation: false,
                      readOnlyRootFilesystem: true,
                      runAsNonRoot: true,
                      capabilities: { drop: ["ALL"] },
                    },
                    volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
                  },
                ],
                volumes: [{ name: "tmp", emptyDir: { sizeLimit: "256Mi" } }],
              },
            },
          },
        },
        child,
      );

      const metricsLabels = { ...labels, [METRICS_SERVICE_LABEL]: "true" };
      new k8s.core.v1.Service(
        `${name}-${w.name}-${w.name === "serve" ? "metrics" : "service"}`,
        {
          metadata: {
            name: w.name === "serve" ? k8sName("scoring", w.name, "metrics") : workloadName,
            namespace: args.namespace,
            labels: metricsLabels,
          },
          spec: {
            type: "ClusterIP",
            selector: labels,
            ports: [{ name: "metrics", port: METRICS_PORT, targetPort: "metrics", protocol: "TCP" }],
          },
        },
        { ...child, dependsOn: [deployment] },
      );
      targets.push({ workload: w.name, portName: "metrics", selector: metricsLabels });
      if (w.name === "serve") endpoint = this.apiService(name, args, labels, deployment);

      if (s.autoscaling) {
        new k8s.autoscaling.v2.HorizontalPodAutoscaler(
          `${name}-${w.name}-hpa`,
          {
            metadata: { name: workloadName, namespace: args.namespace, labels },
            spec: {
              scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: deployment.metadata.name },
              minReplicas: w.config.minReplicas,
              maxReplicas: w.config.maxReplicas,
              metrics: [
                {
                  type: "Resource",
                  resource: {
                    name: "cpu",
                    target: { type: "Utilization", averageUtilization: w.config.targetCpuUtilization },
                  },
                },
              ],
            },
          },
          child,
        );
      }
      if (s.podDisruptionBudget) {
        new k8s.policy.v1.PodDisruptionBudget(
          `${name}-${w.name}-pdb`,
          {
            metadata: { name: workloadName, namespace: args.namespace, labels },
            spec: { maxUnavailable: 1, selector: { matchLabels: labels } },
          },
          child,
        );
      }
    }
    if (!endpoint) throw new Error(`${name}: the serve workload defines the endpoint`);
    this.endpoint = endpoint;
    this.metricsTargets = targets;
    this.registerOutputs({ imageRef: this.imageRef, endpoint: this.endpoint });
  }

  /**
   * The API's LoadBalancer Service: a Yandex internal network load balancer in the VPC unless the
   * stack asks for a public one; only the API port. Client addresses are kept (Local), so the
   * NetworkPolicy can admit the client networks.
   */
  private apiService(
    name: string,
    args: ScoringWorkloadsArgs,
    labels: Record<string, string>,
    deployment: k8s.apps.v1.Deployment,
  ): pulumi.Output<string> {
    const s = args.scoring;
    const service = new k8s.core.v1.Service(
      `${name}-serve-service`,
      {
        metadata: {
          name: k8sName("scoring", "serve"),
          namespace: args.namespace,
          labels,
          annotations: s.publicEndpoint
            ? {}
            : { [INTERNAL_LB_ANNOTATION]: "internal", "yandex.cloud/subnet-id": args.internalSubnetId },
        },
        spec: {
          type: "LoadBalancer",
          externalTrafficPolicy: "Local",
          selector: labels,
          ports: [
            {
              name: "http",
              port: s.loadBalancerPort,
              targetPort: "http",
              nodePort: s.nodePort,
              protocol: "TCP",
            },
          ],
        },
      },
      { parent: this, dependsOn: [deployment] },
    );
    return service.status.apply((status) => {
      const ingress = status?.loadBalancer?.ingress?.[0];
      const host = ingress?.ip ?? ingress?.hostname;
      const port = s.loadBalancerPort === 80 ? "" : `:${s.loadBalancerPort}`;
      return host ? `http://${host}${port}` : "pending: load balancer has no address yet";
    });
  }
}

/** Yandex cloud controller annotation that makes a LoadBalancer Service an internal (VPC-only) balancer. */
export const INTERNAL_LB_ANNOTATION = "yandex.cloud/load-balancer-type";
