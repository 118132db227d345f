/** How the shared in-cluster components meet Yandex Cloud: its load balancer annotations and Object Storage. */
import type * as pulumi from "@pulumi/pulumi";
import type { ClusterIntegration } from "../components/cluster-integration";

/** Object Storage's S3 API (one endpoint for every zone). */
export const YANDEX_OBJECT_STORAGE = { endpoint: "https://storage.yandexcloud.net", region: "ru-central1" };

/**
 * The Yandex cloud controller makes a LoadBalancer Service an internal network load balancer with an
 * address in the given subnet; without the annotations it gets a public address.
 */
export function yandexClusterIntegration(
  internalSubnetId: pulumi.Input<string>,
  objectStorageCidrs: readonly string[],
): ClusterIntegration {
  return {
    internalLoadBalancer: {
      "yandex.cloud/load-balancer-type": "internal",
      "yandex.cloud/subnet-id": internalSubnetId,
    },
    publicLoadBalancer: {},
    objectStorage: { ...YANDEX_OBJECT_STORAGE, cidrs: objectStorageCidrs },
  };
}
