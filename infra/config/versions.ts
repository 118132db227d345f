/**
 * Versions the managed services accept today, each list with where it was read. The stack config
 * accepts only these, so a deprecated or renamed version fails at startup instead of at `pulumi up`.
 * The provider itself passes any string through to the cloud API, so `tofu validate` cannot catch
 * these; move a list only on a newer source.
 */

export interface AcceptedVersions {
  readonly values: readonly string[];
  readonly source: string;
}

/** Managed Kafka: 4.x runs KRaft only; the program sets no ZooKeeper subcluster (KRaft combined mode). */
export const KAFKA_VERSIONS = {
  values: ["3.9", "4.0"],
  source:
    "terraform-provider-yandex v0.222.0: CHANGELOG 0.194.0 'deprecate Kafka 3.6 version, use 3.9 instead', " +
    "0.176.0 'add support for Kafka 4'; yandex/resource_yandex_mdb_kafka_cluster_test.go " +
    '(currentDefaultKafkaVersion = "3.9", a "4.0" cluster with kafka_config_4)',
} as const satisfies AcceptedVersions;

/** Managed Kubernetes minor versions (master and node groups). */
export const KUBERNETES_VERSIONS = {
  values: ["1.31", "1.32", "1.33", "1.34"],
  source:
    "terraform-provider-yandex v0.222.0: CHANGELOG 0.171.0 'deprecate 1.30 version, use 1.31 instead'; " +
    'acceptance tests yandex/resource_yandex_kubernetes_cluster_test.go (k8sTestVersion = "1.33", ' +
    'k8sTestUpdateVersion = "1.34"; "1.31"/"1.32" in the same file from November 2025)',
} as const satisfies AcceptedVersions;

/** Managed Service for Valkey (the yandex_mdb_redis_cluster resource): versions carry a -valkey suffix. */
export const VALKEY_VERSIONS = {
  values: ["7.2-valkey", "8.0-valkey", "8.1-valkey"],
  source:
    "terraform-provider-yandex v0.222.0: docs/resources/mdb_redis_cluster_v2.md and mdb_redis_user.md " +
    '(version = "7.2-valkey"); yandex/resource_yandex_mdb_redis_cluster_test.go ("8.0-valkey" updated to ' +
    '"8.1-valkey"); yandex.cloud/en/docs/managed-valkey/concepts/update-policy (7.2, 8.0, 8.1 supported)',
} as const satisfies AcceptedVersions;

/** Managed PostgreSQL (MLflow's backend store); the 1C builds are left out, MLflow needs none of their extensions. */
export const POSTGRESQL_VERSIONS = {
  values: ["15", "16", "17", "18"],
  source:
    "terraform-provider-yandex v0.222.0: docs/resources/mdb_postgresql_cluster.md, config.version " +
    '"(allowed versions are: 15, 15-1c, 16, 16-1c, 17, 17-1c, 18, 18-1c)"; CHANGELOG 0.201.0 "remove 13 and 13-1c"',
} as const satisfies AcceptedVersions;

/**
 * Apache Airflow of the managed cluster (`<major>.<minor>`, the provider's format), the same minor as the local
 * Airflow the DAGs are developed and tested against (2.10.x), so a DAG that runs locally runs in the cloud.
 */
export const AIRFLOW_VERSION = "2.10";
