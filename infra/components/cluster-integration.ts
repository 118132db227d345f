/**
 * Where the shared in-cluster components (scoring, MLflow, monitoring) meet the cloud under the cluster:
 * how a LoadBalancer Service stays inside the VPC, which S3 API the pods call, and how a workload gets
 * object-storage credentials. Each cloud's platform builder (infra/platform) fills one in; the
 * components themselves name no cloud.
 */
import type * as pulumi from "@pulumi/pulumi";

export type Annotations = Readonly<Record<string, pulumi.Input<string>>>;

export interface ClusterIntegration {
  /** Annotations that give a LoadBalancer Service an address inside the VPC only. */
  readonly internalLoadBalancer: Annotations;
  /** Annotations of an internet-facing LoadBalancer Service (scoring.publicEndpoint). */
  readonly publicLoadBalancer: Annotations;
  /** The S3 API of the object storage: endpoint URL, signing region and the addresses it answers on. */
  readonly objectStorage: {
    readonly endpoint: string;
    readonly region: string;
    /** Egress NetworkPolicies admit TCP 443 to these. */
    readonly cidrs: readonly string[];
  };
}

/**
 * How one workload reaches object storage: static keys in a Secret (Yandex service-account keys), or a
 * cloud role bound to the workload's own ServiceAccount through its annotations (AWS IRSA), with no key
 * stored anywhere.
 */
export type StorageAccess =
  | {
      readonly kind: "keys";
      readonly accessKey: pulumi.Input<string>;
      readonly secretKey: pulumi.Input<string>;
    }
  | { readonly kind: "role"; readonly serviceAccountAnnotations: Annotations };
