/**
 * Kubernetes type tokens the rules match on. Plain strings keep @pulumi/kubernetes out of the policy
 * runtime; a test checks each one against the provider's `__pulumiType`.
 */
export const K8S = {
  deployment: "kubernetes:apps/v1:Deployment",
  statefulSet: "kubernetes:apps/v1:StatefulSet",
  daemonSet: "kubernetes:apps/v1:DaemonSet",
  replicaSet: "kubernetes:apps/v1:ReplicaSet",
  job: "kubernetes:batch/v1:Job",
  cronJob: "kubernetes:batch/v1:CronJob",
  pod: "kubernetes:core/v1:Pod",
  service: "kubernetes:core/v1:Service",
  configMap: "kubernetes:core/v1:ConfigMap",
  secret: "kubernetes:core/v1:Secret",
  networkPolicy: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
  clusterRoleBinding: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
  roleBinding: "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
  podDisruptionBudget: "kubernetes:policy/v1:PodDisruptionBudget",
  horizontalPodAutoscaler: "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
  helmChartV4: "kubernetes:helm.sh/v4:Chart",
  helmChartV3: "kubernetes:helm.sh/v3:Chart",
  helmReleaseV3: "kubernetes:helm.sh/v3:Release",
} as const;

/** Workload kinds that run pods, and therefore carry a pod template the workload rules inspect. */
export const WORKLOAD_TYPES: ReadonlySet<string> = new Set([
  K8S.deployment,
  K8S.statefulSet,
  K8S.daemonSet,
  K8S.replicaSet,
  K8S.job,
  K8S.cronJob,
  K8S.pod,
]);

/** Kinds whose `spec.replicas` sets the pod count (DaemonSets, Jobs and bare Pods have none). */
export const REPLICATED_TYPES: ReadonlySet<string> = new Set([
  K8S.deployment,
  K8S.statefulSet,
  K8S.replicaSet,
]);

/** Components whose children are rendered from a third-party Helm chart. */
export const THIRD_PARTY_CHART_TYPES: ReadonlySet<string> = new Set([
  K8S.helmChartV4,
  K8S.helmChartV3,
  K8S.helmReleaseV3,
]);

/** Kinds that keep pods running (and so need liveness/readiness probes). */
export const LONG_RUNNING_TYPES: ReadonlySet<string> = new Set([
  K8S.deployment,
  K8S.statefulSet,
  K8S.daemonSet,
  K8S.replicaSet,
]);
