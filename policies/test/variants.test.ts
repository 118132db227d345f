/**
 * Deliberately broken variants of the mocked stacks: each must be caught by exactly the intended
 * rule, with its exact message, and by no other rule.
 */
import type { CostReport } from "@antifraud/infra/config";
import type { CapturedResource } from "@antifraud/infra/testing";
import * as yandex from "@antifraud/infra/yandex";
import type { Violation } from "../src/evaluate";
import { evaluatePolicies } from "../src/evaluate";
import { K8S } from "../src/lib/kubernetes-types";
import type { Inputs } from "./stack-fixtures";
import { captured, mutate, remove, stackSetting } from "./stack-fixtures";

const T = {
  bucket: yandex.StorageBucket.__pulumiType,
  object: yandex.StorageObject.__pulumiType,
  sg: yandex.VpcSecurityGroup.__pulumiType,
  kafka: yandex.MdbKafkaCluster.__pulumiType,
  topic: yandex.MdbKafkaTopic.__pulumiType,
  user: yandex.MdbKafkaUser.__pulumiType,
  redis: yandex.MdbRedisCluster.__pulumiType,
  iam: yandex.ResourcemanagerFolderIamMember.__pulumiType,
  cluster: yandex.KubernetesCluster.__pulumiType,
  spark: yandex.DataprocCluster.__pulumiType,
  airflow: yandex.AirflowCluster.__pulumiType,
  postgresql: yandex.MdbPostgresqlCluster.__pulumiType,
};

type Edit = (resources: readonly CapturedResource[]) => CapturedResource[];
/** Edits the first container of a scoring workload (the stream worker is a StatefulSet). */
const container =
  (name: string, change: (c: Inputs) => void): Edit =>
  (rs) =>
    mutate(rs, name === "scoring-stream" ? K8S.statefulSet : K8S.deployment, name, (d) =>
      change(d.spec.template.spec.containers[0]),
    );
const subcluster =
  (role: string, change: (s: Inputs) => void): Edit =>
  (rs) =>
    mutate(rs, T.spark, "spark-cluster", (c) =>
      change(c.clusterConfig.subclusterSpecs.find((s: { role: string }) => s.role === role)),
    );

interface Variant {
  readonly title: string;
  readonly stack: "dev" | "prod";
  readonly edit: Edit;
  /** [policy, resource name (undefined for stack-level findings), message] */
  readonly expected: ReadonlyArray<readonly [string, string | undefined, string]>;
}

const NO_PUBLIC_PORT = "no port may be public";

const variants: Variant[] = [
  {
    title: "raw bucket without default encryption",
    stack: "prod",
    edit: (rs) => mutate(rs, T.bucket, "storage-raw", (b) => delete b.serverSideEncryptionConfiguration),
    expected: [
      [
        "storage-bucket-encrypted",
        "storage-raw",
        'no default encryption: set serverSideEncryptionConfiguration.rule.applyServerSideEncryptionByDefault {sseAlgorithm: "aws:kms", kmsMasterKeyId}',
      ],
    ],
  },
  {
    title: "clean bucket readable anonymously",
    stack: "prod",
    edit: (rs) => mutate(rs, T.bucket, "storage-clean", (b) => (b.anonymousAccessFlags.read = true)),
    expected: [["storage-no-anonymous-access", "storage-clean", "anonymousAccessFlags allow anonymous read"]],
  },
  {
    title: "model bucket with a public-read ACL",
    stack: "prod",
    edit: (rs) => mutate(rs, T.bucket, "storage-models", (b) => (b.acl = "public-read")),
    expected: [
      [
        "storage-no-anonymous-access",
        "storage-models",
        'bucket ACL "public-read" opens the bucket to everyone',
      ],
    ],
  },
  {
    title: "job package uploaded as a public object",
    stack: "prod",
    edit: (rs) => mutate(rs, T.object, "spark-job-package-zip", (o) => (o.acl = "public-read")),
    expected: [
      ["storage-no-anonymous-access", "spark-job-package-zip", 'object ACL "public-read" makes it public'],
    ],
  },
  {
    title: "model registry without versioning",
    stack: "prod",
    edit: (rs) => mutate(rs, T.bucket, "storage-models", (b) => (b.versioning.enabled = false)),
    expected: [
      [
        "storage-model-bucket-versioned",
        "storage-models",
        "versioning is off on a bucket that holds data: set versioning.enabled = true so overwritten objects can be recovered",
      ],
    ],
  },
  {
    title: "SSH open to the internet on the nodes",
    stack: "prod",
    edit: (rs) =>
      mutate(rs, T.sg, "network-sg-k8s-nodes", (g) =>
        g.ingresses.push({ protocol: "TCP", port: 22, v4CidrBlocks: ["0.0.0.0/0"] }),
      ),
    expected: [
      [
        "network-no-public-ingress",
        "network-sg-k8s-nodes",
        `ingresses[7] (TCP 22) is open to the world (0.0.0.0/0); ${NO_PUBLIC_PORT}`,
      ],
    ],
  },
  {
    title: "Kafka security group open to the world",
    stack: "prod",
    edit: (rs) => mutate(rs, T.sg, "network-sg-kafka", (g) => (g.ingresses[0].v4CidrBlocks = ["0.0.0.0/0"])),
    expected: [
      [
        "network-no-public-ingress",
        "network-sg-kafka",
        `ingresses[0] (TCP 9091) is open to the world (0.0.0.0/0); ${NO_PUBLIC_PORT}`,
      ],
    ],
  },
  {
    title: "stream worker exposed through a load balancer",
    stack: "prod",
    edit: (rs) => mutate(rs, K8S.service, "scoring-stream-service", (s) => (s.spec.type = "LoadBalancer")),
    expected: [
      [
        "network-public-services",
        "scoring-stream-service",
        'Service "scoring-stream" of type LoadBalancer exposes a workload that must stay internal: use ClusterIP',
      ],
    ],
  },
  {
    title: "Grafana's load balancer made public",
    stack: "prod",
    edit: (rs) =>
      mutate(
        rs,
        K8S.service,
        "monitoring-grafana-internal",
        (s) => delete s.metadata.annotations["yandex.cloud/load-balancer-type"],
      ),
    expected: [
      [
        "network-public-services",
        "monitoring-grafana-internal",
        'Service "grafana-internal" of type LoadBalancer exposes a workload that must stay internal: use ClusterIP',
      ],
    ],
  },
  {
    title: "Kafka brokers with public IPs",
    stack: "prod",
    edit: (rs) => mutate(rs, T.kafka, "kafka-cluster", (k) => (k.config.assignPublicIp = true)),
    expected: [
      [
        "kafka-no-public-access",
        "kafka-cluster",
        "config.assignPublicIp is true: brokers would be reachable from the internet; set it to false",
      ],
    ],
  },
  {
    title: "unreplicated scores topic in prod",
    stack: "prod",
    edit: (rs) => mutate(rs, T.topic, "kafka-topic-scores", (t) => (t.replicationFactor = 1)),
    expected: [
      [
        "kafka-replication",
        "kafka-topic-scores",
        'topic "scores" has replicationFactor 1; at least 3 required',
      ],
    ],
  },
  {
    title: "min.insync.replicas equal to the replication factor",
    stack: "prod",
    edit: (rs) => mutate(rs, T.topic, "kafka-topic-labels", (t) => (t.topicConfig.minInsyncReplicas = "3")),
    expected: [
      [
        "kafka-replication",
        "kafka-topic-labels",
        'topic "labels" has minInsyncReplicas 3 >= replicationFactor 3: one broker down would block every producer',
      ],
    ],
  },
  {
    title: "ingest user with admin rights",
    stack: "prod",
    edit: (rs) =>
      mutate(rs, T.user, "kafka-user-ingest", (u) =>
        u.permissions.push({ topicName: "scores", role: "ACCESS_ROLE_ADMIN" }),
      ),
    expected: [
      [
        "kafka-per-role-users",
        "kafka-user-ingest",
        'user "ingest" has role ACCESS_ROLE_ADMIN on "scores"; services need no admin rights',
      ],
    ],
  },
  {
    title: "analytics user reading every topic",
    stack: "prod",
    edit: (rs) =>
      mutate(
        rs,
        T.user,
        "kafka-user-analytics",
        (u) => (u.permissions = [{ topicName: "*", role: "ACCESS_ROLE_CONSUMER" }]),
      ),
    expected: [
      [
        "kafka-per-role-users",
        "kafka-user-analytics",
        'user "analytics" has ACCESS_ROLE_CONSUMER on wildcard topic "*"',
      ],
    ],
  },
  {
    title: "Redis without TLS",
    stack: "prod",
    edit: (rs) => mutate(rs, T.redis, "redis-cluster", (r) => (r.tlsEnabled = false)),
    expected: [
      [
        "redis-tls",
        "redis-cluster",
        "tlsEnabled is not true: feature values and the password would cross the network in clear",
      ],
    ],
  },
  {
    title: "scoring runtime account made folder editor",
    stack: "prod",
    edit: (rs) => mutate(rs, T.iam, "identity-scoringRuntime-storage.viewer", (m) => (m.role = "editor")),
    expected: [
      [
        "iam-least-privilege",
        "identity-scoringRuntime-storage.viewer",
        expect.stringMatching(
          /^serviceAccount:\w+: folder-wide primitive role "editor" grants every service in the folder; grant a service-specific role instead$/,
        ),
      ],
    ],
  },
  {
    title: "storage admin account given storage.admin",
    stack: "prod",
    edit: (rs) =>
      mutate(rs, T.iam, "identity-storageAdmin-storage.editor", (m) => (m.role = "storage.admin")),
    expected: [
      [
        "iam-least-privilege",
        "identity-storageAdmin-storage.editor",
        expect.stringMatching(
          /: folder-wide "storage.admin" grants admin rights on every storage resource; grant a service-specific role instead$/,
        ),
      ],
    ],
  },
  {
    title: "KMS decryption granted on the whole folder again",
    stack: "prod",
    edit: (rs) =>
      mutate(
        rs,
        T.iam,
        "identity-scoringRuntime-storage.viewer",
        (m) => (m.role = "kms.keys.encrypterDecrypter"),
      ),
    expected: [
      [
        "iam-least-privilege",
        "identity-scoringRuntime-storage.viewer",
        expect.stringMatching(
          /^serviceAccount:\w+: folder-wide "kms.keys.encrypterDecrypter" reaches every KMS key in the folder; bind it on the key with KmsSymmetricKeyIamBinding$/,
        ),
      ],
    ],
  },
  {
    title: "serve container without limits",
    stack: "prod",
    edit: container("scoring-serve", (c) => delete c.resources.limits),
    expected: [["k8s-resources", "scoring-serve", "container serve: missing limits.cpu, limits.memory"]],
  },
  {
    title: "stream container running as root",
    stack: "prod",
    edit: container("scoring-stream", (c) => (c.securityContext.runAsUser = 0)),
    expected: [["k8s-non-root", "scoring-stream", "container stream: runAsUser is 0 (root)"]],
  },
  {
    title: "writable root filesystem",
    stack: "prod",
    edit: container("scoring-serve", (c) => (c.securityContext.readOnlyRootFilesystem = false)),
    expected: [
      [
        "k8s-read-only-root-fs",
        "scoring-serve",
        "container serve: securityContext.readOnlyRootFilesystem is not true",
      ],
    ],
  },
  {
    title: "privileged stream container",
    stack: "prod",
    edit: container("scoring-stream", (c) => (c.securityContext.privileged = true)),
    expected: [
      ["k8s-not-privileged", "scoring-stream", "container stream: securityContext.privileged is true"],
    ],
  },
  {
    title: "image by the latest tag",
    stack: "prod",
    edit: container("scoring-serve", (c) => (c.image = "cr.yandex/crp1/scoring:latest")),
    expected: [
      [
        "k8s-pinned-images",
        "scoring-serve",
        'container serve: image "cr.yandex/crp1/scoring:latest" is not pinned (no tag or "latest")',
      ],
    ],
  },
  {
    title: "stream container without a readiness probe",
    stack: "prod",
    edit: container("scoring-stream", (c) => delete c.readinessProbe),
    expected: [["k8s-probes", "scoring-stream", "container stream: missing readinessProbe"]],
  },
  {
    title: "autoscaler allowed down to one pod",
    stack: "prod",
    edit: (rs) =>
      mutate(rs, K8S.horizontalPodAutoscaler, "scoring-serve-hpa", (h) => (h.spec.minReplicas = 1)),
    expected: [
      [
        "k8s-min-replicas",
        "scoring-serve",
        '"scoring-serve" runs as few as 1 pod(s) (HorizontalPodAutoscaler "scoring-serve" minReplicas); at least 2 required',
      ],
    ],
  },
  {
    title: "serve without its disruption budget",
    stack: "prod",
    edit: (rs) => remove(rs, K8S.podDisruptionBudget, "scoring-serve-pdb"),
    expected: [
      [
        "k8s-disruption-budget",
        "scoring-serve",
        '"scoring-serve" has no PodDisruptionBudget selecting its pods',
      ],
    ],
  },
  {
    title: "Spark compute nodes with public IPs",
    stack: "prod",
    edit: subcluster("COMPUTENODE", (s) => (s.assignPublicIp = true)),
    expected: [
      [
        "spark-no-public-ip",
        "spark-cluster",
        'subcluster "computenode" (COMPUTENODE) has assignPublicIp = true',
      ],
    ],
  },
  {
    title: "Spark compute allowed past its ceiling",
    stack: "prod",
    edit: subcluster("COMPUTENODE", (s) => (s.autoscalingConfig.maxHostsCount = 14)),
    expected: [
      [
        "spark-bounded-autoscaling",
        "spark-cluster",
        'subcluster "computenode" may scale to 14 hosts; the ceiling is 12',
      ],
    ],
  },
  {
    title: "Kafka cluster without an owner label",
    stack: "prod",
    edit: (rs) => mutate(rs, T.kafka, "kafka-cluster", (k) => delete k.labels.owner),
    expected: [["labels-required", "kafka-cluster", 'labels lacks "owner"']],
  },
  {
    title: "prod bucket tagged as dev",
    stack: "prod",
    edit: (rs) => mutate(rs, T.bucket, "storage-spark", (b) => (b.tags.environment = "dev")),
    expected: [["labels-required", "storage-spark", 'tags.environment is "dev" in the prod stack']],
  },
  {
    title: "Kafka security group open to the world as two halves",
    stack: "prod",
    edit: (rs) =>
      mutate(
        rs,
        T.sg,
        "network-sg-kafka",
        (g) => (g.ingresses[0].v4CidrBlocks = ["0.0.0.0/1", "128.0.0.0/1"]),
      ),
    expected: [
      [
        "network-no-public-ingress",
        "network-sg-kafka",
        `ingresses[0] (TCP 9091) is open to the world (0.0.0.0/1, 128.0.0.0/1); ${NO_PUBLIC_PORT}`,
      ],
    ],
  },
  {
    title: "scoring API admitted from the whole internet by its NetworkPolicy",
    stack: "prod",
    edit: (rs) =>
      mutate(rs, K8S.networkPolicy, "network-policies-serve", (p) => {
        p.spec.ingress[0].from = [{ ipBlock: { cidr: "0.0.0.0/0" } }];
      }),
    expected: [
      [
        "k8s-network-policy-no-world",
        "network-policies-serve",
        'NetworkPolicy "allow-serve" ingress[0] admits the world (0.0.0.0/0)',
      ],
    ],
  },
  {
    title: "platform namespace without its default-deny NetworkPolicy",
    stack: "prod",
    edit: (rs) => remove(rs, K8S.networkPolicy, "network-policies-default-deny"),
    expected: [
      [
        "k8s-default-deny",
        // The policy reports the first workload registered in the namespace.
        "scoring-quality",
        'namespace "antifraud" runs workloads but has no default-deny NetworkPolicy',
      ],
    ],
  },
  {
    title: "a password as a literal env value",
    stack: "prod",
    edit: container("scoring-serve", (c) => c.env.push({ name: "REDIS_PASSWORD", value: "hunter2hunter2" })),
    expected: [
      [
        "k8s-no-literal-credentials",
        "scoring-serve",
        "container serve: env REDIS_PASSWORD looks like a credential; use valueFrom.secretKeyRef",
      ],
    ],
  },
  {
    title: "a Redis URL with its password in a ConfigMap",
    stack: "prod",
    edit: (rs) =>
      mutate(rs, K8S.configMap, "scoring-keys-public-keys", (m) => {
        m.data.REDIS_ENDPOINT = "rediss://:hunter2@c-1.rw.mdb.yandexcloud.net:6380";
      }),
    expected: [
      [
        "k8s-no-literal-credentials",
        "scoring-keys-public-keys",
        'ConfigMap "scoring-public-keys": REDIS_ENDPOINT holds a private key or a URL with a password; keep it in a Secret',
      ],
    ],
  },
  {
    title: "an image from outside the stack's registry",
    stack: "prod",
    edit: container("scoring-stream", (c) => (c.image = `docker.io/library/node@sha256:${"a".repeat(64)}`)),
    expected: [
      [
        "k8s-images-from-registry",
        "scoring-stream",
        `container stream: image "docker.io/library/node@sha256:${"a".repeat(64)}" is not from the stack's registry (cr.yandex/)`,
      ],
    ],
  },
  {
    title: "serve pod on the host network",
    stack: "prod",
    edit: (rs) =>
      mutate(rs, K8S.deployment, "scoring-serve", (d) => (d.spec.template.spec.hostNetwork = true)),
    expected: [["k8s-pod-isolation", "scoring-serve", "pod spec sets hostNetwork: true"]],
  },
  {
    title: "stream pod mounting a host path",
    stack: "prod",
    edit: (rs) =>
      mutate(rs, K8S.statefulSet, "scoring-stream", (d) =>
        d.spec.template.spec.volumes.push({ name: "host", hostPath: { path: "/" } }),
      ),
    expected: [["k8s-pod-isolation", "scoring-stream", 'volume "host" is a hostPath']],
  },
  {
    title: "serve pod with an automounted service-account token",
    stack: "prod",
    edit: (rs) =>
      mutate(
        rs,
        K8S.deployment,
        "scoring-serve",
        (d) => (d.spec.template.spec.automountServiceAccountToken = true),
      ),
    expected: [
      [
        "k8s-pod-isolation",
        "scoring-serve",
        "automountServiceAccountToken is not false: the pod would get an API token it does not need",
      ],
    ],
  },
  {
    title: "stream container adding NET_ADMIN",
    stack: "prod",
    edit: container("scoring-stream", (c) => (c.securityContext.capabilities.add = ["NET_ADMIN"])),
    expected: [["k8s-pod-isolation", "scoring-stream", "container stream: adds capabilities NET_ADMIN"]],
  },
  {
    title: "Spark agent given folder-wide kms.editor",
    stack: "prod",
    edit: (rs) => mutate(rs, T.iam, "identity-sparkAgent-dataproc.agent", (m) => (m.role = "kms.editor")),
    expected: [
      [
        "iam-no-folder-wide-data-roles",
        "identity-sparkAgent-dataproc.agent",
        expect.stringMatching(
          /^serviceAccount:\w+: folder-wide "kms.editor" manages every KMS key in the folder; grant it on the one resource that needs it$/,
        ),
      ],
    ],
  },
  {
    title: "Spark agent given folder-wide storage.editor",
    stack: "prod",
    edit: (rs) =>
      mutate(rs, T.iam, "identity-sparkAgent-dataproc.provisioner", (m) => (m.role = "storage.editor")),
    expected: [
      [
        "iam-no-folder-wide-data-roles",
        "identity-sparkAgent-dataproc.provisioner",
        expect.stringMatching(
          /: folder-wide "storage.editor" reads, writes and deletes every bucket in the folder; grant it on the one resource that needs it$/,
        ),
      ],
    ],
  },
  {
    title: "stream worker reaching Kafka without TLS",
    stack: "prod",
    edit: container("scoring-stream", (c) => {
      c.env.find((e: { name: string }) => e.name === "KAFKA_SECURITY_PROTOCOL").value = "plaintext";
    }),
    expected: [
      [
        "kafka-tls",
        "scoring-stream",
        'container stream: reaches Kafka with KAFKA_SECURITY_PROTOCOL=plaintext; set "sasl_ssl"',
      ],
    ],
  },
  {
    title: "stream worker reaching Kafka without verifying the brokers' certificates",
    stack: "dev",
    edit: container("scoring-stream", (c) => {
      c.env = c.env.filter((e: { name: string }) => e.name !== "KAFKA_SSL_CA_PATH");
    }),
    expected: [
      [
        "kafka-tls",
        "scoring-stream",
        "container stream: reaches Kafka without KAFKA_SSL_CA_PATH (the brokers' certificates go unverified)",
      ],
    ],
  },
  {
    title: "raw data bucket without versioning",
    stack: "prod",
    edit: (rs) => mutate(rs, T.bucket, "storage-raw", (b) => (b.versioning.enabled = false)),
    expected: [
      [
        "storage-model-bucket-versioned",
        "storage-raw",
        "versioning is off on a bucket that holds data: set versioning.enabled = true so overwritten objects can be recovered",
      ],
    ],
  },
  {
    title: "prod Kubernetes API with a public address",
    stack: "prod",
    edit: (rs) => mutate(rs, T.cluster, "kubernetes-cluster", (c) => (c.master.publicIp = true)),
    expected: [
      [
        "k8s-private-api",
        "kubernetes-cluster",
        "master.publicIp is true: the Kubernetes API would be reachable from the internet; set it to false",
      ],
    ],
  },
  {
    title: "Airflow without the Lockbox secrets backend",
    stack: "prod",
    edit: (rs) => mutate(rs, T.airflow, "airflow-cluster", (a) => (a.lockboxSecretsBackend.enabled = false)),
    expected: [
      [
        "airflow-lockbox-backend",
        "airflow-cluster",
        "lockboxSecretsBackend.enabled is not true: connections and variables would be kept in Airflow's own " +
          "database; enable the Lockbox secrets backend",
      ],
    ],
  },
  {
    title: "Airflow on the network's default security group",
    stack: "prod",
    edit: (rs) => mutate(rs, T.airflow, "airflow-cluster", (a) => delete a.securityGroupIds),
    expected: [
      [
        "airflow-private",
        "airflow-cluster",
        "no securityGroupIds: the cluster would get the network's default security group",
      ],
    ],
  },
  {
    title: "PostgreSQL host with a public address",
    stack: "prod",
    edit: (rs) => mutate(rs, T.postgresql, "postgresql-cluster", (p) => (p.hosts[0].assignPublicIp = true)),
    expected: [
      [
        "postgresql-private",
        "postgresql-cluster",
        "hosts[0] (ru-central1-a) has assignPublicIp = true; keep PostgreSQL private",
      ],
    ],
  },
  {
    title: "PostgreSQL in prod on one unprotected host",
    stack: "prod",
    edit: (rs) =>
      mutate(rs, T.postgresql, "postgresql-cluster", (p) => {
        p.hosts = p.hosts.slice(0, 1);
        p.deletionProtection = false;
      }),
    expected: [
      [
        "postgresql-high-availability",
        "postgresql-cluster",
        "1 host(s); at least 2 required so a failover has a replica",
      ],
      [
        "postgresql-high-availability",
        "postgresql-cluster",
        "deletionProtection is not true: one mistaken delete would lose the database",
      ],
    ],
  },
  {
    title: "MLflow's backend store without certificate verification",
    stack: "prod",
    edit: (rs) =>
      mutate(rs, K8S.secret, "mlflow-backend-store", (s) => {
        const uri = s.stringData.MLFLOW_BACKEND_STORE_URI as string;
        s.stringData.MLFLOW_BACKEND_STORE_URI = uri.replace(/\?.*$/, "?sslmode=require");
      }),
    expected: [
      [
        "postgresql-client-tls",
        "mlflow-backend-store",
        'Secret "mlflow-backend-store" key MLFLOW_BACKEND_STORE_URI: a PostgreSQL URI without ' +
          "sslmode=verify-full; verify the server's certificate against the CA",
      ],
    ],
  },
  {
    title: "MLflow's internal load balancer made public",
    stack: "prod",
    edit: (rs) =>
      mutate(
        rs,
        K8S.service,
        "mlflow-internal-service",
        (s) => delete s.metadata.annotations["yandex.cloud/load-balancer-type"],
      ),
    expected: [
      [
        "network-public-services",
        "mlflow-internal-service",
        'Service "mlflow-internal" of type LoadBalancer exposes a workload that must stay internal: use ClusterIP',
      ],
      [
        "mlflow-private",
        "mlflow-internal-service",
        'Service "mlflow-internal" of type LoadBalancer without yandex.cloud/load-balancer-type: internal gives ' +
          "mlflow a public address: make the load balancer internal",
      ],
    ],
  },
  {
    title: "MLflow's internal load balancer without source ranges",
    stack: "prod",
    edit: (rs) =>
      mutate(rs, K8S.service, "mlflow-internal-service", (s) => delete s.spec.loadBalancerSourceRanges),
    expected: [
      [
        "mlflow-private",
        "mlflow-internal-service",
        'Service "mlflow-internal" (internal LoadBalancer) has no loadBalancerSourceRanges: every address in ' +
          "the VPC reaches mlflow; list the client subnets",
      ],
    ],
  },
  {
    title: "MLflow's internal load balancer open to 0.0.0.0/0",
    stack: "prod",
    edit: (rs) =>
      mutate(rs, K8S.service, "mlflow-internal-service", (s) =>
        (s.spec.loadBalancerSourceRanges as string[]).push("0.0.0.0/0"),
      ),
    expected: [
      [
        "mlflow-private",
        "mlflow-internal-service",
        'Service "mlflow-internal" (internal LoadBalancer) loadBalancerSourceRanges admit the world ' +
          "(0.0.0.0/0); list the client subnets",
      ],
    ],
  },
  {
    title: "MLflow on a node port",
    stack: "prod",
    edit: (rs) => mutate(rs, K8S.service, "mlflow-service", (s) => (s.spec.type = "NodePort")),
    expected: [
      [
        "network-public-services",
        "mlflow-service",
        'Service "mlflow" of type NodePort exposes a workload that must stay internal: use ClusterIP',
      ],
      [
        "mlflow-private",
        "mlflow-service",
        'Service "mlflow" of type NodePort exposes mlflow outside the cluster: use ClusterIP, or an internal ' +
          "LoadBalancer with loadBalancerSourceRanges",
      ],
    ],
  },
  {
    title: "public bucket in dev (reported, advisory)",
    stack: "dev",
    edit: (rs) => mutate(rs, T.bucket, "storage-raw", (b) => (b.acl = "public-read-write")),
    expected: [
      [
        "storage-no-anonymous-access",
        "storage-raw",
        'bucket ACL "public-read-write" opens the bucket to everyone',
      ],
    ],
  },
];

const found = (vs: Violation[]) => vs.map((v) => [v.policy, v.name, v.message]);

describe("broken variants of the stacks", () => {
  beforeAll(async () => {
    const [dev] = await Promise.all([captured("dev"), captured("prod")]);
    // Starts the pack's analyzer server before the first variant, whose 5 s would otherwise include it.
    await evaluatePolicies(dev.resources.slice(0, 1), { stack: "dev" });
  }, 60_000);

  it("has at least twenty", () => expect(variants.length).toBeGreaterThanOrEqual(20));

  it.each(variants.map((v) => [v.title, v] as const))("%s", async (_title, v) => {
    const { resources } = await captured(v.stack);
    const violations = await evaluatePolicies(v.edit(resources), { stack: v.stack });
    expect(found(violations)).toEqual(v.expected);
    const level = v.stack === "prod" ? "mandatory" : "advisory";
    expect(violations.map((x) => x.enforcementLevel)).toEqual(v.expected.map(() => level));
  });
});

describe("budget overrun from a config change", () => {
  it("recomputes the cost from the declared node groups and fails only the budget policy", async () => {
    const k8s = stackSetting<{ nodes: Record<string, unknown> }>("prod", "antifraud:kubernetes");
    const overrides = {
      "antifraud:kubernetes": JSON.stringify({ ...k8s, nodes: { ...k8s.nodes, maxNodes: 40 } }),
    };
    const { resources, outputs } = await captured("prod", overrides);
    const violations = await evaluatePolicies(resources, { stack: "prod" });
    const report = outputs.costEstimate as CostReport;
    const rub = (x: number) => x.toLocaleString("en-US", { maximumFractionDigits: 2 });
    expect(report.budget.withinBudget).toBe(false);
    expect(found(violations)).toEqual([
      [
        "cost-within-budget",
        undefined,
        `estimated monthly cost ${rub(report.total.max)} RUB at maximum autoscaling (${rub(report.total.min)} at minimum) exceeds the budget of 400,000 RUB`,
      ],
    ]);
  }, 60_000);
});
