/** The pod-level settings every workload of ours shares: restricted Pod Security, spread over zones. */

/** Every container of ours: no privilege escalation, read-only root filesystem, no capabilities. */
export const HARDENED_CONTAINER_SECURITY = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ["ALL"] },
};

/** The uid and gid our images run as (their Dockerfiles' USER). */
export const RUN_AS_USER = 1000;

/**
 * No service account token, non-root with a fixed uid and gid, the runtime's default seccomp profile,
 * and the replicas spread over the zones (a zone outage takes at most its share).
 */
export function hardenedPodSpec(labels: Record<string, string>) {
  return {
    automountServiceAccountToken: false,
    securityContext: {
      runAsNonRoot: true,
      runAsUser: RUN_AS_USER,
      runAsGroup: RUN_AS_USER,
      fsGroup: RUN_AS_USER,
      seccompProfile: { type: "RuntimeDefault" },
    },
    topologySpreadConstraints: [
      {
        maxSkew: 1,
        topologyKey: "topology.kubernetes.io/zone",
        whenUnsatisfiable: "ScheduleAnyway",
        labelSelector: { matchLabels: labels },
      },
    ],
  };
}
