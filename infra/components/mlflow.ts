import * as path from "node:path";
import type * as dockerBuild from "@pulumi/docker-build";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../config/schema";
import { k8sName } from "../naming";
import {
  BACKEND_STORE_ENV,
  backendStoreUri,
  MLFLOW_ARTIFACTS_PREFIX,
  MLFLOW_INTERNAL_SERVICE_NAME,
  MLFLOW_NAMESPACE,
  MLFLOW_NODE_PORT,
  MLFLOW_POD_LABELS,
  MLFLOW_PORT,
  MLFLOW_SERVICE_NAME,
  mlflowInternalUrl,
  mlflowPodTemplate,
  mlflowTrackingUrl,
  plainEnv,
  S3_KEY_ENVS,
} from "./mlflow-pod";
import { cidrs, DNS_EGRESS, tcp } from "./network-policies";
import { REPO_ROOT } from "./scoring-workloads";
import type { ClusterIntegration, StorageAccess } from "./cluster-integration";
import { pushedImage, type RegistryLogin } from "./pushed-image";

export const MLFLOW_IMAGE_DIR = path.join(REPO_ROOT, "services", "mlflow");

export interface MlflowArgs {
  readonly stack: string;
  /** Repository the image is pushed to, e.g. `cr.yandex/<registry id>/mlflow`. */
  readonly imageRepository: pulumi.Input<string>;
  /** Registry login for the push; the password is secret. */
  readonly registry: RegistryLogin;
  /** Registry IAM bindings the push (and the nodes' pulls) need in place. */
  readonly registryAccess?: pulumi.Input<pulumi.Resource>[];
  readonly mlflow: StackConfig["mlflow"];
  /** The backend store (Managed PostgreSQL); `ready` is the database the server migrates on start. */
  readonly database: {
    host: pulumi.Input<string>;
    port: number;
    name: string;
    user: string;
    password: pulumi.Input<string>;
    ready: pulumi.Resource;
  };
  /** PEM of the CA(s) that sign the managed PostgreSQL certificate. */
  readonly managedServicesCaPem: pulumi.Input<string>;
  /** Models bucket and the keys or role (granted on that bucket) the server stores artifacts with. */
  readonly artifacts: {
    bucket: pulumi.Input<string>;
    storageAccess: StorageAccess;
    /** The bucket's IAM bindings, in place before the server writes. */
    access: pulumi.Input<pulumi.Resource>[];
  };
  /** Node subnets: the kubelet probes pods from the node's address. */
  readonly nodeCidrs: readonly string[];
  /** Data-tier subnets, where the PostgreSQL hosts are. */
  readonly databaseCidrs: readonly string[];
  /** Load balancer annotations and the S3 API (endpoint, region, addresses) of the cloud. */
  readonly cluster: ClusterIntegration;
  /**
   * Subnets of Managed Airflow and Data Processing: outside the cluster, they reach MLflow through the
   * internal load balancer, and they are the only networks it (and the NetworkPolicy) admits.
   */
  readonly pipelineCidrs: readonly string[];
}

/**
 * The MLflow tracking server in its own namespace (restricted Pod Security, default-deny): the image built
 * from services/mlflow and run by digest; a ClusterIP Service for clients in the cluster and
 * `kubectl port-forward`, and an internal (VPC-only, no public address) load balancer that admits only the
 * Airflow and Data Processing subnets, which run outside the cluster; PostgreSQL as backend store over
 * verified TLS, artifacts proxied to the models bucket under `mlflow/`; a PodDisruptionBudget when it runs
 * more than one replica.
 */
export class Mlflow extends pulumi.ComponentResource {
  /** In-cluster URL, e.g. http://mlflow.mlflow.svc.cluster.local:5000 (`kubectl port-forward svc/mlflow`). */
  readonly url: string;
  /**
   * `http://<internal load balancer address>:5000`: the URL for the pipelines in the VPC (Airflow workers,
   * Spark jobs), from the load balancer Service's status once the cloud has assigned the address.
   */
  readonly internalUrl: pulumi.Output<string>;
  readonly imageRef: pulumi.Output<string>;

  constructor(name: string, args: MlflowArgs, opts?: pulumi.ComponentResourceOptions) {
    super("antifraud:mlflow:Mlflow", name, { mlflow: args.mlflow }, opts);
    if (args.nodeCidrs.length === 0) throw new Error(`${name}: nodeCidrs must not be empty`);
    // No source ranges would leave the load balancer open to every address in the VPC.
    if (args.pipelineCidrs.length === 0) throw new Error(`${name}: pipelineCidrs must not be empty`);
    const namespace = this.namespace(name);
    const image = this.image(name, args);
    const secrets = this.secrets(name, args, namespace);
    const deployment = this.deployment(name, args, namespace, image.ref, secrets);
    this.service(name, namespace, deployment);
    this.internalUrl = this.internalService(name, args, namespace, deployment);
    this.networkPolicies(name, args, namespace);
    if (args.mlflow.replicas >= 2) this.disruptionBudget(name, namespace);
    this.url = mlflowTrackingUrl();
    this.imageRef = image.ref;
    this.registerOutputs({ url: this.url, internalUrl: this.internalUrl, imageRef: this.imageRef });
  }

  private namespace(name: string): pulumi.Output<string> {
    return new k8s.core.v1.Namespace(
      `${name}-namespace`,
      {
        metadata: {
          name: MLFLOW_NAMESPACE,
          labels: {
            "pod-security.kubernetes.io/enforce": "restricted",
            "app.kubernetes.io/part-of": "antifraud",
          },
        },
      },
      { parent: this },
    ).metadata.name;
  }

  private image(name: string, args: MlflowArgs): dockerBuild.Image {
    return pushedImage(
      `${name}-image`,
      {
        context: MLFLOW_IMAGE_DIR,
        dockerfile: path.join(MLFLOW_IMAGE_DIR, "Dockerfile"),
        repository: args.imageRepository,
        stack: args.stack,
        registry: args.registry,
        ...(args.registryAccess === undefined ? {} : { dependsOn: args.registryAccess }),
      },
      this,
    );
  }

  /** The backend URI (it carries the password), the bucket keys, and the CA, each in its own Secret. */
  private secrets(
    name: string,
    args: MlflowArgs,
    namespace: pulumi.Output<string>,
  ): { backend: pulumi.Output<string>; storage?: pulumi.Output<string>; ca: pulumi.Output<string> } {
    const secret = (kind: string, data: Record<string, pulumi.Input<string>>) =>
      new k8s.core.v1.Secret(
        `${name}-${kind}`,
        {
          metadata: { name: k8sName("mlflow", kind), namespace },
          type: "Opaque",
          stringData: pulumi.secret(pulumi.output(data)),
        },
        { parent: this },
      ).metadata.name;
    const d = args.database;
    const uri = pulumi
      .all([d.host, d.password])
      .apply(([host, password]) =>
        backendStoreUri({ user: d.user, password, host, port: d.port, database: d.name }),
      );
    const access = args.artifacts.storageAccess;
    return {
      backend: secret("backend-store", { [BACKEND_STORE_ENV]: uri }),
      ...(access.kind === "keys"
        ? {
            storage: secret("storage", {
              [S3_KEY_ENVS[0]]: access.accessKey,
              [S3_KEY_ENVS[1]]: access.secretKey,
            }),
          }
        : {}),
      ca: secret("managed-services-ca", { "ca.pem": args.managedServicesCaPem }),
    };
  }

  private deployment(
    name: string,
    args: MlflowArgs,
    namespace: pulumi.Output<string>,
    image: pulumi.Output<string>,
    secrets: { backend: pulumi.Output<string>; storage?: pulumi.Output<string>; ca: pulumi.Output<string> },
  ): k8s.apps.v1.Deployment {
    const fromSecret = (secretName: pulumi.Output<string>, key: string) => ({
      name: key,
      valueFrom: { secretKeyRef: { name: secretName, key } },
    });
    const template = mlflowPodTemplate({
      image,
      artifactsDestination: pulumi.interpolate`s3://${args.artifacts.bucket}/${MLFLOW_ARTIFACTS_PREFIX}`,
      env: [
        ...plainEnv(args.cluster.objectStorage),
        fromSecret(secrets.backend, BACKEND_STORE_ENV),
        ...(secrets.storage ? S3_KEY_ENVS.map((key) => fromSecret(secrets.storage!, key)) : []),
      ],
      resources: args.mlflow.resources,
      caSecretName: secrets.ca,
      ...(args.artifacts.storageAccess.kind === "role"
        ? { serviceAccountName: this.roleServiceAccount(name, namespace, args.artifacts.storageAccess) }
        : {}),
    });
    return new k8s.apps.v1.Deployment(
      `${name}-server`,
      {
        metadata: { name: MLFLOW_SERVICE_NAME, namespace, labels: MLFLOW_POD_LABELS },
        spec: {
          replicas: args.mlflow.replicas,
          selector: { matchLabels: MLFLOW_POD_LABELS },
          strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
          template,
        },
      },
      { parent: this, dependsOn: [args.database.ready, ...args.artifacts.access] },
    );
  }

  /** MLflow's own ServiceAccount, carrying the cloud role it stores artifacts as. */
  private roleServiceAccount(
    name: string,
    namespace: pulumi.Output<string>,
    role: Extract<StorageAccess, { kind: "role" }>,
  ): pulumi.Output<string> {
    return new k8s.core.v1.ServiceAccount(
      `${name}-account`,
      {
        metadata: { name: MLFLOW_SERVICE_NAME, namespace, annotations: role.serviceAccountAnnotations },
        automountServiceAccountToken: false,
      },
      { parent: this },
    ).metadata.name;
  }

  /** ClusterIP: reached in the cluster or through `kubectl port-forward`. */
  private service(name: string, namespace: pulumi.Output<string>, deployment: pulumi.Resource): void {
    new k8s.core.v1.Service(
      `${name}-service`,
      {
        metadata: { name: MLFLOW_SERVICE_NAME, namespace, labels: MLFLOW_POD_LABELS },
        spec: {
          type: "ClusterIP",
          selector: MLFLOW_POD_LABELS,
          ports: [{ name: "http", port: MLFLOW_PORT, targetPort: "http", protocol: "TCP" }],
        },
      },
      { parent: this, dependsOn: [deployment] },
    );
  }

  /**
   * An internal network load balancer (an address in the VPC, none public) for the
   * pipelines outside the cluster: source ranges are the pipeline subnets; the node port is fixed, so the
   * nodes' security group admits it from those subnets only; client addresses are kept (Local), so the
   * NetworkPolicy can admit the same subnets. Returns the URL on the balancer's address.
   */
  private internalService(
    name: string,
    args: MlflowArgs,
    namespace: pulumi.Output<string>,
    deployment: pulumi.Resource,
  ): pulumi.Output<string> {
    const service = new k8s.core.v1.Service(
      `${name}-internal-service`,
      {
        metadata: {
          name: MLFLOW_INTERNAL_SERVICE_NAME,
          namespace,
          labels: MLFLOW_POD_LABELS,
          annotations: args.cluster.internalLoadBalancer,
        },
        spec: {
          type: "LoadBalancer",
          externalTrafficPolicy: "Local",
          loadBalancerSourceRanges: [...args.pipelineCidrs],
          selector: MLFLOW_POD_LABELS,
          ports: [
            {
              name: "http",
              port: MLFLOW_PORT,
              targetPort: "http",
              nodePort: MLFLOW_NODE_PORT,
              protocol: "TCP",
            },
          ],
        },
      },
      { parent: this, dependsOn: [deployment] },
    );
    // The provider waits for the address; a URL without one would send the pipelines nowhere, so fail.
    return service.status.apply((status) => {
      const ip = status?.loadBalancer?.ingress?.[0]?.ip;
      if (!ip) throw new Error(`${name}: the internal load balancer of MLflow has no address`);
      return mlflowInternalUrl(ip);
    });
  }

  /**
   * Default-deny for the namespace, then: the server's port from the nodes (the kubelet's probes and
   * port-forwarded sessions) and from the pipeline subnets (through the internal load balancer, which
   * keeps their addresses); egress to DNS, PostgreSQL and Object Storage only.
   */
  private networkPolicies(name: string, args: MlflowArgs, namespace: pulumi.Output<string>): void {
    new k8s.networking.v1.NetworkPolicy(
      `${name}-default-deny`,
      {
        metadata: { name: "default-deny", namespace },
        spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
      },
      { parent: this },
    );
    new k8s.networking.v1.NetworkPolicy(
      `${name}-allow`,
      {
        metadata: { name: "allow-mlflow", namespace },
        spec: {
          podSelector: { matchLabels: MLFLOW_POD_LABELS },
          policyTypes: ["Ingress", "Egress"],
          ingress: [
            { from: cidrs(args.nodeCidrs), ports: [tcp(MLFLOW_PORT)] },
            { from: cidrs(args.pipelineCidrs), ports: [tcp(MLFLOW_PORT)] },
          ],
          egress: [
            DNS_EGRESS,
            { to: cidrs(args.databaseCidrs), ports: [tcp(args.database.port)] },
            { to: cidrs(args.cluster.objectStorage.cidrs), ports: [tcp(443)] },
          ],
        },
      },
      { parent: this },
    );
  }

  private disruptionBudget(name: string, namespace: pulumi.Output<string>): void {
    new k8s.policy.v1.PodDisruptionBudget(
      `${name}-pdb`,
      {
        metadata: { name: MLFLOW_SERVICE_NAME, namespace, labels: MLFLOW_POD_LABELS },
        spec: { maxUnavailable: 1, selector: { matchLabels: MLFLOW_POD_LABELS } },
      },
      { parent: this },
    );
  }
}
