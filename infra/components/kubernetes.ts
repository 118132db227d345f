import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { stringify } from "yaml";
import * as yandex from "../yandex";
import { AUTHORIZED_KEY_ALGORITHM, authorizedKeyJson, JSON_KEY_USERNAME } from "../authorized-key";
import type { StackConfig } from "../config/schema";
import { cloudLabels, resourceName } from "../naming";

export const PLATFORM_NAMESPACE = "antifraud";

export interface KubernetesArgs {
  /** Stack name, used in names and labels. */
  readonly stack: string;
  readonly networkId: pulumi.Input<string>;
  /** Zones, in the order of `subnetIds` (plain: one autoscaled node group per zone). */
  readonly zones: readonly string[];
  /** Kubernetes-tier subnets, one per zone. */
  readonly subnetIds: pulumi.Input<string>[];
  readonly masterSecurityGroupId: pulumi.Input<string>;
  readonly nodeSecurityGroupId: pulumi.Input<string>;
  readonly clusterServiceAccountId: pulumi.Input<string>;
  readonly nodeServiceAccountId: pulumi.Input<string>;
  /** Account that pushes the scoring image; gets an authorized key for the registry login. */
  readonly imagePusherServiceAccountId: pulumi.Input<string>;
  /** Role -> IAM members bound on the registry (one authoritative binding per role). */
  readonly registryBindings: Readonly<Record<string, pulumi.Input<string>[]>>;
  /** Role bindings the cluster needs before it is created. */
  readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
  /** KMS key that encrypts Kubernetes Secrets at rest. */
  readonly kmsKeyId: pulumi.Input<string>;
  readonly podCidr: string;
  readonly serviceCidr: string;
  readonly kubernetes: StackConfig["kubernetes"];
}

/** The platform namespace, restricted Pod Security, in the cluster behind `provider`. */
export function platformNamespace(
  name: string,
  parent: pulumi.Resource,
  provider: k8s.Provider,
): k8s.core.v1.Namespace {
  return new k8s.core.v1.Namespace(
    name,
    {
      metadata: {
        name: PLATFORM_NAMESPACE,
        labels: {
          "pod-security.kubernetes.io/enforce": "restricted",
          "app.kubernetes.io/part-of": "antifraud",
        },
      },
    },
    { parent, provider },
  );
}

/** Builds a kubeconfig that authenticates through `yc k8s create-token` (no long-lived credentials). */
export function kubeconfigFor(endpoint: string, caCertificate: string, clusterName: string): string {
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [
      {
        name: clusterName,
        cluster: {
          server: endpoint,
          "certificate-authority-data": Buffer.from(caCertificate).toString("base64"),
        },
      },
    ],
    users: [
      {
        name: "yc",
        user: {
          exec: {
            apiVersion: "client.authentication.k8s.io/v1beta1",
            command: "yc",
            args: ["k8s", "create-token"],
            interactiveMode: "Never",
          },
        },
      },
    ],
    contexts: [{ name: clusterName, context: { cluster: clusterName, user: "yc" } }],
    "current-context": clusterName,
  });
}

/** Docker login for the registry; the password is secret. */
export interface RegistryLogin {
  readonly address: string;
  readonly username: string;
  readonly password: pulumi.Output<string>;
}

/**
 * Managed Kubernetes (zonal master in dev, regional in prod), one autoscaled node group per zone,
 * the container registry with its IAM bindings and the image pusher's login, an explicit Kubernetes
 * provider built from the cluster's outputs, and the platform namespace (restricted Pod Security).
 */
export class Kubernetes extends pulumi.ComponentResource {
  readonly clusterId: pulumi.Output<string>;
  readonly registryId: pulumi.Output<string>;
  /** Image repository prefix `cr.yandex/<registry id>`. */
  readonly registryServer: string;
  /** The image pusher's login: `json_key` and its authorized key (no expiring token in config). */
  readonly registryLogin: RegistryLogin;
  /** The registry's IAM bindings; pushing and pulling images depend on these. */
  readonly registryAccess: pulumi.Resource[];
  readonly kubeconfig: pulumi.Output<string>;
  readonly provider: k8s.Provider;
  readonly namespace: pulumi.Output<string>;

  constructor(name: string, args: KubernetesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("antifraud:kubernetes:Kubernetes", name, { zones: args.zones, kubernetes: args.kubernetes }, opts);
    const c = args.kubernetes;
    if (c.master === "regional" && args.zones.length !== 3)
      throw new Error(`${name}: a regional master needs three zones`);
    if (args.subnetIds.length !== args.zones.length)
      throw new Error(`${name}: one subnet per zone is required`);
    if (Object.values(args.registryBindings).some((members) => members.length === 0))
      throw new Error(`${name}: every registry role needs at least one member`);
    const labels = cloudLabels(args.stack, "kubernetes");
    const clusterName = resourceName(args.stack, "k8s");
    const locations = args.zones.map((zone, i) => ({
      zone,
      subnetId: args.subnetIds[i] as pulumi.Input<string>,
    }));
    const [first] = locations;
    if (!first) throw new Error(`${name}: at least one zone is required`);

    const cluster = new yandex.KubernetesCluster(
      `${name}-cluster`,
      {
        name: clusterName,
        networkId: args.networkId,
        serviceAccountId: args.clusterServiceAccountId,
        nodeServiceAccountId: args.nodeServiceAccountId,
        releaseChannel: c.releaseChannel,
        networkPolicyProvider: "CALICO",
        clusterIpv4Range: args.podCidr,
        serviceIpv4Range: args.serviceCidr,
        kmsProvider: { keyId: args.kmsKeyId },
        labels,
        master: {
          version: c.version,
          // A private API (prod) is reached only from inside the VPC: deploys run on a runner there.
          publicIp: c.publicApi,
          securityGroupIds: [args.masterSecurityGroupId],
          ...(c.master === "regional"
            ? { regional: { region: "ru-central1", locations } }
            : { zonal: first }),
          maintenancePolicy: {
            autoUpgrade: true,
            maintenanceWindows: [{ day: "sunday", startTime: "02:00", duration: "3h" }],
          },
        },
      },
      { parent: this, dependsOn: args.dependsOn },
    );

    locations.forEach((location, i) => {
      new yandex.KubernetesNodeGroup(
        `${name}-nodes-${location.zone}`,
        {
          name: resourceName(args.stack, "nodes", location.zone),
          clusterId: cluster.id,
          version: c.version,
          labels,
          nodeLabels: { "antifraud/pool": "general" },
          instanceTemplate: {
            platformId: c.nodes.platform,
            resources: { cores: c.nodes.cores, memory: c.nodes.memoryGb, coreFraction: c.nodes.coreFraction },
            bootDisk: { type: c.nodes.diskType, size: c.nodes.diskGb },
            schedulingPolicy: { preemptible: c.nodes.preemptible },
            containerRuntime: { type: "containerd" },
            networkInterfaces: [
              {
                subnetIds: [args.subnetIds[i] as pulumi.Input<string>],
                nat: false,
                ipv4: true,
                securityGroupIds: [args.nodeSecurityGroupId],
              },
            ],
          },
          scalePolicy: {
            autoScale: { min: c.nodes.minNodes, max: c.nodes.maxNodes, initial: c.nodes.initialNodes },
          },
          allocationPolicy: { locations: [{ zone: location.zone }] },
          deployPolicy: { maxExpansion: 1, maxUnavailable: 0 },
          maintenancePolicy: { autoUpgrade: true, autoRepair: true },
        },
        { parent: this },
      );
    });

    const registry = new yandex.ContainerRegistry(
      `${name}-registry`,
      { name: resourceName(args.stack, "registry"), labels },
      { parent: this },
    );
    this.registryAccess = Object.entries(args.registryBindings).map(
      ([role, members]) =>
        new yandex.ContainerRegistryIamBinding(
          `${name}-registry-${role}`,
          { registryId: registry.id, role, members },
          { parent: this },
        ),
    );
    const pusherKey = new yandex.IamServiceAccountKey(
      `${name}-pusher-key`,
      {
        serviceAccountId: args.imagePusherServiceAccountId,
        description: `antifraud ${args.stack} scoring image push (docker login json_key)`,
        keyAlgorithm: AUTHORIZED_KEY_ALGORITHM,
        format: "PEM_FILE",
      },
      { parent: this },
    );
    this.registryServer = "cr.yandex";
    this.registryLogin = {
      address: this.registryServer,
      username: JSON_KEY_USERNAME,
      password: pulumi.secret(
        pulumi
          .all([
            pusherKey.id,
            pusherKey.serviceAccountId,
            pusherKey.createdAt,
            pusherKey.publicKey,
            pusherKey.privateKey,
          ])
          .apply(([id, serviceAccountId, createdAt, publicKey, privateKey]) =>
            authorizedKeyJson({
              id,
              serviceAccountId,
              createdAt,
              keyAlgorithm: AUTHORIZED_KEY_ALGORITHM,
              publicKey,
              privateKey,
            }),
          ),
      ),
    };

    this.kubeconfig = pulumi.secret(
      pulumi
        .all([cluster.master, cluster.name])
        .apply(([master, clusterName]) =>
          kubeconfigFor(
            c.publicApi ? master.externalV4Endpoint : master.internalV4Endpoint,
            master.clusterCaCertificate,
            clusterName,
          ),
        ),
    );
    this.provider = new k8s.Provider(
      `${name}-provider`,
      {
        kubeconfig: this.kubeconfig,
        clusterIdentifier: cluster.id,
        enableServerSideApply: true,
        deleteUnreachable: true,
      },
      { parent: this },
    );
    const namespace = platformNamespace(`${name}-namespace`, this, this.provider);
    this.clusterId = cluster.id;
    this.registryId = registry.id;
    this.namespace = namespace.metadata.name;
    this.registerOutputs({
      clusterId: this.clusterId,
      registryId: this.registryId,
      namespace: this.namespace,
    });
  }
}
