import * as path from "node:path";
import * as dockerBuild from "@pulumi/docker-build";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig, WorkloadConfig } from "../config/schema";
import { k8sName } from "../naming";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
export const SCORING_DOCKERFILE = path.join(REPO_ROOT, "services", "scoring", "Dockerfile");
/** Port of the stream worker's /metrics, /healthz and /readyz listener. */
export const STREAM_METRICS_PORT = 9464;
/** Unprivileged user the containers run as. */
export const RUN_AS_USER = 10001;
/** Where the pods find Yandex's CA (a Secret volume): Kafka and Redis certificates are verified against it. */
export const MANAGED_SERVICES_CA_DIR = "/etc/antifraud/tls";
export const MANAGED_SERVICES_CA_FILE = `${MANAGED_SERVICES_CA_DIR}/ca.pem`;

export type WorkloadName = "serve" | "stream";

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
  /** PEM of the CA that signs the managed Kafka and Redis server certificates (Yandex's). */
  readonly managedServicesCaPem: pulumi.Input<string>;
  readonly storage: {
    modelsRoot: pulumi.Input<string>;
    featuresRoot: pulumi.Input<string>;
    accessKey: pulumi.Input<string>;
    secretKey: pulumi.Input<string>;
  };
}

interface WorkloadShape {
  readonly name: WorkloadName;
  readonly port: number;
  readonly portName: string;
  readonly config: WorkloadConfig;
}

/**
 * The scoring image (built from services/scoring/Dockerfile and pushed by digest) and its two
 * workloads: `serve` (HTTP API behind a LoadBalancer, a Deployment) and `stream` (Kafka worker, a
 * StatefulSet: its stable pod names `scoring-stream-<n>` are the workers' transactional ids and
 * static group member ids, so a restarted or rescheduled pod fences its predecessor's open
 * transaction at once and takes its partitions back without a rebalance). Hardened pods, probes,
 * requests and limits; HPAs and PodDisruptionBudgets when enabled (prod). Both verify Kafka and
 * Redis against Yandex's CA, mounted from a Secret.
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
    const ca = new k8s.core.v1.Secret(
      `${name}-managed-services-ca`,
      {
        metadata: { name: k8sName("scoring", "managed-services-ca"), namespace: args.namespace },
        type: "Opaque",
        stringData: { "ca.pem": args.managedServicesCaPem },
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
      { name: "serve", port: s.port, portName: "http", config: s.serve },
      { name: "stream", port: STREAM_METRICS_PORT, portName: "metrics", config: s.stream },
    ];
    const env = (w: WorkloadShape): k8s.types.input.core.v1.EnvVar[] => [
      { name: "LOG_LEVEL", value: "info" },
      { name: "HTTP_HOST", value: "0.0.0.0" },
      { name: "HTTP_PORT", value: String(s.port) },
      { name: "METRICS_PORT", value: String(STREAM_METRICS_PORT) },
      { name: "MODELS_ROOT", value: args.storage.modelsRoot },
      { name: "FEATURES_ROOT", value: args.storage.featuresRoot },
      { name: "S3_ENDPOINT", value: "https://storage.yandexcloud.net" },
      { name: "S3_REGION", value: "ru-central1" },
      { name: "REDIS_TLS_CA_PATH", value: MANAGED_SERVICES_CA_FILE },
      ...(w.name === "stream"
        ? [
            { name: "KAFKA_BROKERS", value: args.kafka.bootstrapServers },
            { name: "KAFKA_SECURITY_PROTOCOL", value: "sasl_ssl" },
            { name: "KAFKA_SSL_CA_PATH", value: MANAGED_SERVICES_CA_FILE },
            { name: "KAFKA_SASL_MECHANISM", value: "scram-sha-512" },
            { name: "KAFKA_SASL_USERNAME", value: args.kafka.username },
            // The StatefulSet's stable pod name: transactional id and static group member id.
            { name: "KAFKA_TRANSACTIONAL_ID", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
            { name: "KAFKA_GROUP_INSTANCE_ID", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
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
      const labels = {
        "app.kubernetes.io/name": "scoring",
        "app.kubernetes.io/component": w.name,
        "app.kubernetes.io/part-of": "antifraud",
      };
      const workloadName = k8sName("scoring", w.name);
      const probe = (p: string, periodSeconds: number, failureThreshold: number) => ({
        httpGet: { path: p, port: w.portName },
        periodSeconds,
        failureThreshold,
        timeoutSeconds: 2,
      });
      const podTemplate: k8s.types.input.core.v1.PodTemplateSpec = {
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
              ports: [{ name: w.portName, containerPort: w.port, protocol: "TCP" }],
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
              volumeMounts: [
                { name: "tmp", mountPath: "/tmp" },
                { name: "managed-services-ca", mountPath: MANAGED_SERVICES_CA_DIR, readOnly: true },
              ],
            },
          ],
          volumes: [
            { name: "tmp", emptyDir: { sizeLimit: "256Mi" } },
            { name: "managed-services-ca", secret: { secretName: ca.metadata.name } },
          ],
        },
      };
      const metadata = { name: workloadName, namespace: args.namespace, labels };
      const workload =
        w.name === "serve"
          ? new k8s.apps.v1.Deployment(
              `${name}-${w.name}`,
              {
                metadata,
                spec: {
                  replicas: w.config.minReplicas,
                  selector: { matchLabels: labels },
                  strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
                  template: podTemplate,
                },
              },
              child,
            )
          : // Pods replaced one at a time, each after the old one drained (same name, same ids).
            new k8s.apps.v1.StatefulSet(
              `${name}-${w.name}`,
              {
                metadata,
                spec: {
                  replicas: w.config.minReplicas,
                  serviceName: workloadName,
                  podManagementPolicy: "Parallel",
                  selector: { matchLabels: labels },
                  updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1 } },
                  template: podTemplate,
                },
              },
              child,
            );

      const service = new k8s.core.v1.Service(
        `${name}-${w.name}-service`,
        {
          metadata: { name: workloadName, namespace: args.namespace, labels },
          spec:
            w.name === "serve"
              ? {
                  type: "LoadBalancer",
                  externalTrafficPolicy: "Local",
                  selector: labels,
                  ports: [
                    {
                      name: w.portName,
                      port: s.loadBalancerPort,
                      targetPort: w.portName,
                      nodePort: s.nodePort,
                      protocol: "TCP",
                    },
                  ],
                }
              : {
                  type: "ClusterIP",
                  selector: labels,
                  ports: [{ name: w.portName, port: w.port, targetPort: w.portName, protocol: "TCP" }],
                },
        },
        { ...child, dependsOn: [workload] },
      );
      if (w.name === "serve") {
        endpoint = service.status.apply((status) => {
          const ingress = status?.loadBalancer?.ingress?.[0];
          const host = ingress?.ip ?? ingress?.hostname;
          const port = s.loadBalancerPort === 80 ? "" : `:${s.loadBalancerPort}`;
          return host ? `http://${host}${port}` : "pending: load balancer has no address yet";
        });
      }
      targets.push({ workload: w.name, portName: w.portName, selector: labels });

      if (s.autoscaling) {
        new k8s.autoscaling.v2.HorizontalPodAutoscaler(
          `${name}-${w.name}-hpa`,
          {
            metadata: { name: workloadName, namespace: args.namespace, labels },
            spec: {
              scaleTargetRef: {
                apiVersion: "apps/v1",
                kind: w.name === "serve" ? "Deployment" : "StatefulSet",
                name: workload.metadata.name,
              },
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
}
