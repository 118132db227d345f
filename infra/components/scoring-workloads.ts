import * as path from "node:path";
import type * as dockerBuild from "@pulumi/docker-build";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../config/schema";
import { k8sName } from "../naming";
import { qualityWorkload } from "./quality-workload";
import {
  METRICS_PORT,
  METRICS_SERVICE_LABEL,
  podTemplate,
  SCORING_POD_LABELS,
  workloadEnv,
  workloadShapes,
  type WorkloadName,
  type WorkloadShape,
} from "./scoring-pod";
import { pushedImage, type RegistryLogin } from "./pushed-image";
import type { Annotations, ClusterIntegration, StorageAccess } from "./cluster-integration";

export {
  HEALTH_PORT,
  MANAGED_SERVICES_CA_DIR,
  MANAGED_SERVICES_CA_FILE,
  METRICS_PORT,
  METRICS_SERVICE_LABEL,
  SCORING_POD_LABELS,
  STREAM_METRICS_PORT,
  type WorkloadName,
} from "./scoring-pod";
export { RUN_AS_USER } from "./pod-hardening";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
export const SCORING_DOCKERFILE = path.join(REPO_ROOT, "services", "scoring", "Dockerfile");

export interface ScoringWorkloadsArgs {
  readonly stack: string;
  /** Namespace of the platform (already created). */
  readonly namespace: pulumi.Input<string>;
  /** Repository the image is pushed to, e.g. `cr.yandex/<registry id>/scoring`. */
  readonly imageRepository: pulumi.Input<string>;
  /** Registry login for the push; the password is secret. */
  readonly registry: RegistryLogin;
  /** Registry IAM bindings the push (and the nodes' pulls) need in place; default none. */
  readonly registryAccess?: pulumi.Input<pulumi.Resource>[];
  readonly scoring: StackConfig["scoring"];
  readonly kafka: {
    bootstrapServers: pulumi.Input<string>;
    username: string;
    password: pulumi.Input<string>;
  };
  /** The quality consumer's own Kafka user (reads scores and labels). */
  readonly qualityKafka: { username: string; password: pulumi.Input<string> };
  readonly redis: { url: pulumi.Input<string> };
  /** ConfigMap holding MODEL_SIGNING_PUBLIC_KEYS and AUTH_TOKEN_PUBLIC_KEYS (ScoringKeys). */
  readonly publicKeysConfigMap: pulumi.Input<string>;
  /** Load balancer annotations and the S3 API of the cloud under the cluster. */
  readonly cluster: ClusterIntegration;
  /** PEM of the CA(s) that sign the managed Kafka and Redis server certificates. */
  readonly managedServicesCaPem: pulumi.Input<string>;
  readonly storage: {
    modelsRoot: pulumi.Input<string>;
    featuresRoot: pulumi.Input<string>;
    /** How serve and stream read models and features. */
    access: ScoringStorageAccess;
  };
}

/** Keys that serve and stream share (one Secret), or a role per workload on its own ServiceAccount. */
export type ScoringStorageAccess =
  | Extract<StorageAccess, { kind: "keys" }>
  | {
      readonly kind: "role";
      readonly serviceAccountAnnotations: Readonly<Record<"serve" | "stream", Annotations>>;
    };

interface Credentials {
  readonly secret: k8s.core.v1.Secret;
  readonly keys: readonly string[];
}

/**
 * The scoring image (built from services/scoring/Dockerfile and pushed by digest) and its three
 * workloads:
 * - `serve`, a Deployment: the HTTP API behind an internal network load balancer in the VPC (a public
 *   one only when scoring.publicEndpoint says so);
 * - `stream`, a StatefulSet: its stable pod names `scoring-stream-<n>` are the workers' transactional
 *   ids and static group member ids, so a restarted or rescheduled pod fences its predecessor's open
 *   transaction at once and takes its partitions back without a rebalance;
 * - `quality`, a StatefulSet of its own (quality-workload.ts): scores joined with delayed labels.
 * /metrics is on its own port behind ClusterIP Services only; probes on a port of their own. All
 * verify Kafka (and Redis) against Yandex's CA, mounted from a Secret. HPAs and PodDisruptionBudgets when
 * enabled (prod).
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

    const image = this.image(name, args);
    const secrets = this.credentials(name, args);
    const ca = this.managedServicesCa(name, args);

    const targets: Array<{ workload: WorkloadName; portName: string; selector: Record<string, string> }> = [];
    let endpoint: pulumi.Output<string> | undefined;
    const access = args.storage.access;
    const storage = secrets.storage ? [secrets.storage] : [];
    for (const w of workloadShapes(s)) {
      const secretEnv = (
        w.name === "stream" ? [secrets.kafka, secrets.redis, ...storage] : [secrets.redis, ...storage]
      ).flatMap(({ secret, keys }) =>
        keys.map((key) => ({ name: key, valueFrom: { secretKeyRef: { name: secret.metadata.name, key } } })),
      );
      const template = podTemplate(w, {
        image: image.ref,
        env: [...workloadEnv(w, { ...args, objectStorage: args.cluster.objectStorage }), ...secretEnv],
        caSecretName: ca.metadata.name,
        ...(access.kind === "role"
          ? {
              serviceAccountName: this.roleServiceAccount(
                name,
                args,
                w.name,
                access.serviceAccountAnnotations[w.name as "serve" | "stream"],
              ),
            }
          : {}),
      });
      const workload = this.workload(name, args, w, template);
      targets.push(this.metricsService(name, args, w, workload));
      if (w.name === "serve") endpoint = this.apiService(name, args, workload);
      if (s.autoscaling) this.autoscaler(name, args, w, workload);
      if (s.podDisruptionBudget) this.disruptionBudget(name, args, w);
    }
    targets.push(
      qualityWorkload(this, name, {
        namespace: args.namespace,
        image: image.ref,
        caSecretName: ca.metadata.name,
        kafka: { bootstrapServers: args.kafka.bootstrapServers, ...args.qualityKafka },
        redundant: s.podDisruptionBudget,
      }),
    );
    if (!endpoint) throw new Error(`${name}: the serve workload defines the endpoint`);
    this.imageRef = image.ref;
    this.endpoint = endpoint;
    this.metricsTargets = targets;
    this.registerOutputs({ imageRef: this.imageRef, endpoint: this.endpoint });
  }

  private image(name: string, args: ScoringWorkloadsArgs): dockerBuild.Image {
    return pushedImage(
      `${name}-image`,
      {
        context: REPO_ROOT,
        dockerfile: SCORING_DOCKERFILE,
        repository: args.imageRepository,
        stack: args.stack,
        registry: args.registry,
        ...(args.registryAccess === undefined ? {} : { dependsOn: args.registryAccess }),
      },
      this,
    );
  }

  /** One Secret per backend, so each workload references only the credentials it uses. */
  private credentials(
    name: string,
    args: ScoringWorkloadsArgs,
  ): Record<"kafka" | "redis", Credentials> & { storage?: Credentials } {
    const secret = (kind: string, data: Record<string, pulumi.Input<string>>): Credentials => ({
      secret: new k8s.core.v1.Secret(
        `${name}-${kind}-credentials`,
        {
          metadata: { name: k8sName("scoring", kind), namespace: args.namespace },
          type: "Opaque",
          stringData: pulumi.secret(pulumi.output(data)),
        },
        { parent: this },
      ),
      keys: Object.keys(data),
    });
    return {
      kafka: secret("kafka", { KAFKA_SASL_PASSWORD: args.kafka.password }),
      redis: secret("redis", { REDIS_URL: args.redis.url }),
      ...(args.storage.access.kind === "keys"
        ? {
            storage: secret("storage", {
              AWS_ACCESS_KEY_ID: args.storage.access.accessKey,
              AWS_SECRET_ACCESS_KEY: args.storage.access.secretKey,
            }),
          }
        : {}),
    };
  }

  /** A ServiceAccount of the workload's own, carrying the cloud role it reads storage as. */
  private roleServiceAccount(
    name: string,
    args: ScoringWorkloadsArgs,
    workload: string,
    annotations: Annotations,
  ): pulumi.Output<string> {
    return new k8s.core.v1.ServiceAccount(
      `${name}-${workload}-account`,
      {
        metadata: {
          name: k8sName("scoring", workload),
          namespace: args.namespace,
          annotations,
        },
        automountServiceAccountToken: false,
      },
      { parent: this },
    ).metadata.name;
  }

  private managedServicesCa(name: string, args: ScoringWorkloadsArgs): k8s.core.v1.Secret {
    return new k8s.core.v1.Secret(
      `${name}-managed-services-ca`,
      {
        metadata: { name: k8sName("scoring", "managed-services-ca"), namespace: args.namespace },
        type: "Opaque",
        stringData: { "ca.pem": args.managedServicesCaPem },
      },
      { parent: this },
    );
  }

  /** serve: a Deployment (surge first); stream: a StatefulSet replacing one pod at a time, same name. */
  private workload(
    name: string,
    args: ScoringWorkloadsArgs,
    w: WorkloadShape,
    template: k8s.types.input.core.v1.PodTemplateSpec,
  ): k8s.apps.v1.Deployment | k8s.apps.v1.StatefulSet {
    const labels = SCORING_POD_LABELS[w.name];
    const metadata = { name: k8sName("scoring", w.name), namespace: args.namespace, labels };
    if (w.name === "serve") {
      return new k8s.apps.v1.Deployment(
        `${name}-${w.name}`,
        {
          metadata,
          spec: {
            replicas: w.config.minReplicas,
            selector: { matchLabels: labels },
            strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
            template,
          },
        },
        { parent: this },
      );
    }
    return new k8s.apps.v1.StatefulSet(
      `${name}-${w.name}`,
      {
        metadata,
        spec: {
          replicas: w.config.minReplicas,
          serviceName: metadata.name,
          podManagementPolicy: "Parallel",
          selector: { matchLabels: labels },
          updateStrategy: { type: "RollingUpdate" },
          template,
        },
      },
      { parent: this },
    );
  }

  /** ClusterIP Service of the /metrics port, labelled for the ServiceMonitors (never the load balancer). */
  private metricsService(
    name: string,
    args: ScoringWorkloadsArgs,
    w: WorkloadShape,
    workload: pulumi.Resource,
  ): { workload: WorkloadName; portName: string; selector: Record<string, string> } {
    const labels = SCORING_POD_LABELS[w.name];
    const metricsLabels = { ...labels, [METRICS_SERVICE_LABEL]: "true" };
    new k8s.core.v1.Service(
      `${name}-${w.name}-${w.name === "serve" ? "metrics" : "service"}`,
      {
        metadata: {
          // The stream's is also the StatefulSet's governing Service.
          name: w.name === "serve" ? k8sName("scoring", w.name, "metrics") : k8sName("scoring", w.name),
          namespace: args.namespace,
          labels: metricsLabels,
        },
        spec: {
          type: "ClusterIP",
          selector: labels,
          ports: [{ name: "metrics", port: METRICS_PORT, targetPort: "metrics", protocol: "TCP" }],
        },
      },
      { parent: this, dependsOn: [workload] },
    );
    return { workload: w.name, portName: "metrics", selector: metricsLabels };
  }

  /**
   * The API's LoadBalancer Service: a Yandex internal network load balancer in the VPC unless the
   * stack asks for a public one; only the API port. Client addresses are kept (Local), so the
   * NetworkPolicy can admit the client networks.
   */
  private apiService(
    name: string,
    args: ScoringWorkloadsArgs,
    workload: pulumi.Resource,
  ): pulumi.Output<string> {
    const s = args.scoring;
    const labels = SCORING_POD_LABELS.serve;
    const service = new k8s.core.v1.Service(
      `${name}-serve-service`,
      {
        metadata: {
          name: k8sName("scoring", "serve"),
          namespace: args.namespace,
          labels,
          annotations: s.publicEndpoint ? args.cluster.publicLoadBalancer : args.cluster.internalLoadBalancer,
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
      { parent: this, dependsOn: [workload] },
    );
    return service.status.apply((status) => {
      const ingress = status?.loadBalancer?.ingress?.[0];
      const host = ingress?.ip ?? ingress?.hostname;
      const port = s.loadBalancerPort === 80 ? "" : `:${s.loadBalancerPort}`;
      return host ? `http://${host}${port}` : "pending: load balancer has no address yet";
    });
  }

  private autoscaler(
    name: string,
    args: ScoringWorkloadsArgs,
    w: WorkloadShape,
    workload: k8s.apps.v1.Deployment | k8s.apps.v1.StatefulSet,
  ): void {
    new k8s.autoscaling.v2.HorizontalPodAutoscaler(
      `${name}-${w.name}-hpa`,
      {
        metadata: {
          name: k8sName("scoring", w.name),
          namespace: args.namespace,
          labels: SCORING_POD_LABELS[w.name],
        },
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
      { parent: this },
    );
  }

  private disruptionBudget(name: string, args: ScoringWorkloadsArgs, w: WorkloadShape): void {
    const labels = SCORING_POD_LABELS[w.name];
    new k8s.policy.v1.PodDisruptionBudget(
      `${name}-${w.name}-pdb`,
      {
        metadata: { name: k8sName("scoring", w.name), namespace: args.namespace, labels },
        spec: { maxUnavailable: 1, selector: { matchLabels: labels } },
      },
      { parent: this },
    );
  }
}
