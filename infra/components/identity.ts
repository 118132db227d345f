import * as pulumi from "@pulumi/pulumi";
import * as yandex from "../yandex";
import { resourceName } from "../naming";

/**
 * Folder roles per workload. Only what each workload needs; folder-wide `editor`/`admin` never appear
 * (a test and a policy check that). Bindings are additive members, never authoritative bindings.
 */
export const WORKLOAD_ROLES = {
  /** Manages cluster resources: load balancers, public addresses of the master, KMS-encrypted secrets. */
  k8sCluster: ["k8s.clusters.agent", "vpc.publicAdmin", "load-balancer.admin", "kms.keys.encrypterDecrypter"],
  /** Node VMs pull the scoring image from the registry. */
  k8sNodes: ["container-registry.images.puller"],
  /** Pushes the scoring image built by the program (docker-build). */
  imagePusher: ["container-registry.images.pusher"],
  /** Data Processing agent: runs the cluster, autoscales compute hosts, reads and writes job data. */
  sparkAgent: [
    "dataproc.agent",
    "dataproc.provisioner",
    "storage.uploader",
    "storage.viewer",
    "kms.keys.encrypterDecrypter",
  ],
  /** Scoring pods read models and terminal snapshots from object storage. */
  scoringRuntime: ["storage.viewer", "kms.keys.encrypterDecrypter"],
  /** Creates and configures the buckets and uploads the job files (static key used by the bindings). */
  storageAdmin: ["storage.editor", "kms.keys.encrypterDecrypter"],
} as const;

export type Workload = keyof typeof WORKLOAD_ROLES;
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
    this.registerOutputs({ serviceAccountIds: ids });
  }
}
