import * as pulumi from "@pulumi/pulumi";
import * as yandex from "../yandex";
import { cloudLabels, resourceName } from "../naming";

/**
 * Folder roles per workload. Only what each workload needs; folder-wide `editor`/`admin` never appear
 * (a test and a policy check that). Bindings are additive members, never authoritative bindings.
 * Roles that can be granted on the one resource a workload uses are in `RESOURCE_ROLES` instead.
 */
export const WORKLOAD_ROLES = {
  /** Manages cluster resources: load balancers, public addresses of the master. */
  k8sCluster: ["k8s.clusters.agent", "vpc.publicAdmin", "load-balancer.admin"],
  /** Node VMs: registry access only, granted on the registry. */
  k8sNodes: [],
  /** Pushes the scoring image built by the program (docker-build): registry access only. */
  imagePusher: [],
  /** Data Processing agent: runs the cluster, autoscales compute hosts, reads and writes job data. */
  sparkAgent: ["dataproc.agent", "dataproc.provisioner", "storage.uploader", "storage.viewer"],
  /** Scoring pods read models and terminal snapshots from object storage. */
  scoringRuntime: ["storage.viewer"],
  /** Creates and configures the buckets and uploads the job files (static key used by the bindings). */
  storageAdmin: ["storage.editor"],
  /**
   * Managed Airflow's cluster account. `managed-airflow.integrationProvider` lets the cluster's components
   * act as the account (code sync, the Lockbox backend, logs) and exists only at folder level; every other
   * grant is on one resource (`RESOURCE_ROLES`, `BUCKET_ROLES`, the Airflow component's Dataproc binding).
   */
  airflow: ["managed-airflow.integrationProvider"],
  /** The in-cluster MLflow server writes artifacts to the models bucket only (granted on the bucket). */
  mlflow: [],
} as const satisfies Record<string, readonly string[]>;

export type Workload = keyof typeof WORKLOAD_ROLES;

/**
 * Roles bound on one resource instead of the whole folder, role -> workloads: KMS decryption reaches
 * only the stack's key (bucket encryption, Kubernetes Secrets), registry access only the stack's
 * registry. Storage binds the key's roles, Kubernetes the registry's (authoritative per role, which is
 * safe because the program owns both resources).
 */
export const RESOURCE_ROLES = {
  kmsKey: {
    "kms.keys.encrypterDecrypter": ["k8sCluster", "sparkAgent", "scoringRuntime", "storageAdmin", "mlflow"],
    /** Airflow only reads what the key protects: the DAG objects and the Lockbox secret's payload. */
    "kms.keys.decrypter": ["airflow"],
  },
  registry: {
    "container-registry.images.puller": ["k8sNodes"],
    "container-registry.images.pusher": ["imagePusher"],
  },
} as const satisfies Record<string, Record<string, readonly Workload[]>>;

export type BoundResource = keyof typeof RESOURCE_ROLES;

/**
 * Roles bound on one bucket, bucket -> role -> workloads (authoritative per role on the bucket, which the
 * program owns): Airflow's code sync reads the DAG bucket; MLflow reads and writes its artifacts (`mlflow/`)
 * in the models bucket, where a bucket grant is the narrowest scope IAM offers.
 */
export const BUCKET_ROLES = {
  airflow: { "storage.viewer": ["airflow"] },
  models: { "storage.viewer": ["mlflow"], "storage.uploader": ["mlflow"] },
} as const satisfies Record<string, Record<string, readonly Workload[]>>;

export type BoundBucket = keyof typeof BUCKET_ROLES;
/** Role -> IAM members (`serviceAccount:<id>`) to bind on one resource. */
export type ResourceBindings = Record<string, pulumi.Output<string>[]>;
export const FORBIDDEN_ROLES: readonly string[] = [
  "admin",
  "editor",
  "resource-manager.admin",
  "storage.admin",
];

export interface IdentityArgs {
  /** Stack name, used in resource names. */
  readonly stack: string;
  /** Folder the service accounts live in and get their roles on. */
  readonly folderId: pulumi.Input<string>;
}

/** One service account per workload with the roles in `WORKLOAD_ROLES`. */
export class Identity extends pulumi.ComponentResource {
  readonly serviceAccountIds: Record<Workload, pulumi.Output<string>>;
  /** Role bindings; resources that need a role in place depend on these. */
  readonly roleBindings: Record<Workload, pulumi.Resource[]>;
  /** What to bind on the KMS key and on the registry (`RESOURCE_ROLES` with the accounts' ids). */
  readonly resourceBindings: Record<BoundResource, ResourceBindings>;
  /** What to bind on each bucket (`BUCKET_ROLES` with the accounts' ids). */
  readonly bucketBindings: Record<BoundBucket, ResourceBindings>;

  constructor(name: string, args: IdentityArgs, opts?: pulumi.ComponentResourceOptions) {
    super("antifraud:identity:Identity", name, { roles: WORKLOAD_ROLES }, opts);
    for (const roles of Object.values(WORKLOAD_ROLES) as ReadonlyArray<readonly string[]>) {
      const forbidden = roles.filter((r) => FORBIDDEN_ROLES.includes(r));
      if (forbidden.length > 0)
        throw new Error(`${name}: folder-wide roles are not allowed: ${forbidden.join(", ")}`);
    }
    const ids = {} as Record<Workload, pulumi.Output<string>>;
    const bindings = {} as Record<Workload, pulumi.Resource[]>;
    for (const [workload, roles] of Object.entries(WORKLOAD_ROLES) as Array<[Workload, readonly string[]]>) {
      const account = new yandex.IamServiceAccount(
        `${name}-${workload}`,
        {
          name: resourceName(args.stack, workload),
          folderId: args.folderId,
          description: `antifraud ${workload}`,
          labels: cloudLabels(args.stack, "identity"),
        },
        { parent: this },
      );
      ids[workload] = account.id;
      bindings[workload] = roles.map(
        (role) =>
          new yandex.ResourcemanagerFolderIamMember(
            `${name}-${workload}-${role}`,
            {
              folderId: args.folderId,
              role,
              member: pulumi.interpolate`serviceAccount:${account.id}`,
              sleepAfter: 5,
            },
            { parent: this },
          ),
      );
    }
    this.serviceAccountIds = ids;
    this.roleBindings = bindings;
    const membersOf = (roles: Readonly<Record<string, readonly Workload[]>>): ResourceBindings =>
      Object.fromEntries(
        Object.entries(roles).map(([role, workloads]) => [
          role,
          workloads.map((w) => pulumi.interpolate`serviceAccount:${ids[w]}`),
        ]),
      );
    this.resourceBindings = {
      kmsKey: membersOf(RESOURCE_ROLES.kmsKey),
      registry: membersOf(RESOURCE_ROLES.registry),
    };
    this.bucketBindings = {
      airflow: membersOf(BUCKET_ROLES.airflow),
      models: membersOf(BUCKET_ROLES.models),
    };
    this.registerOutputs({ serviceAccountIds: ids });
  }
}
