import * as k8s from "@pulumi/kubernetes";
import { K8S } from "../../src/lib/kubernetes-types";
import {
  disruptionBudget,
  imagePinProblem,
  minReplicas,
  notPrivileged,
  pinnedImages,
  probes,
  readOnlyRootFs,
  resourcesSet,
  runsAsNonRoot,
} from "../../src/rules/kubernetes-workloads";
import type { EvaluatedResource } from "../../src/evaluate";
import { evaluatePolicies } from "../../src/evaluate";
import { messagesOf, resource, withChange } from "../helpers";

const DIGEST = `sha256:${"a".repeat(64)}`;
const labels = { "app.kubernetes.io/name": "scoring", "app.kubernetes.io/component": "serve" };
const container = {
  name: "serve",
  image: `cr.yandex/crp1/scoring@${DIGEST}`,
  resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "1", memory: "512Mi" } },
  securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true },
  livenessProbe: { httpGet: { path: "/healthz", port: "http" } },
  readinessProbe: { httpGet: { path: "/readyz", port: "http" } },
};
const podSecurity: Record<string, unknown> = { runAsNonRoot: true, runAsUser: 10001 };
const goodDeployment = {
  metadata: { name: "scoring-serve", namespace: "antifraud", labels },
  spec: {
    replicas: 2,
    selector: { matchLabels: labels },
    template: { metadata: { labels }, spec: { securityContext: podSecurity, containers: [container] } },
  },
};
type Deployment = typeof goodDeployment & { spec: { template: { spec: Record<string, unknown> } } };
type Container = Omit<typeof container, "securityContext"> & {
  securityContext: Record<string, unknown>;
} & Record<string, unknown>;
const deployment = (change: (d: Deployment) => void = () => {}, urnParents = "") =>
  resource(K8S.deployment, "scoring-serve", withChange(goodDeployment as Deployment, change), {
    urn: `urn:pulumi:unit::antifraud::${urnParents}${K8S.deployment}::scoring-serve`,
  });
const changeContainer = (change: (c: Container) => void) => (d: Deployment) =>
  change(d.spec.template.spec.containers[0] as Container);

/** The provider's own type token (`__pulumiType` is public at runtime but not in the typings). */
const tokenOf = (cls: unknown) => (cls as { __pulumiType: string }).__pulumiType;

it("matches the provider's type tokens", () => {
  expect(K8S.deployment).toBe(tokenOf(k8s.apps.v1.Deployment));
  expect(K8S.statefulSet).toBe(tokenOf(k8s.apps.v1.StatefulSet));
  expect(K8S.daemonSet).toBe(tokenOf(k8s.apps.v1.DaemonSet));
  expect(K8S.replicaSet).toBe(tokenOf(k8s.apps.v1.ReplicaSet));
  expect(K8S.job).toBe(tokenOf(k8s.batch.v1.Job));
  expect(K8S.cronJob).toBe(tokenOf(k8s.batch.v1.CronJob));
  expect(K8S.pod).toBe(tokenOf(k8s.core.v1.Pod));
  expect(K8S.service).toBe(tokenOf(k8s.core.v1.Service));
  expect(K8S.podDisruptionBudget).toBe(tokenOf(k8s.policy.v1.PodDisruptionBudget));
  expect(K8S.horizontalPodAutoscaler).toBe(tokenOf(k8s.autoscaling.v2.HorizontalPodAutoscaler));
  expect(K8S.helmReleaseV3).toBe(tokenOf(k8s.helm.v3.Release));
});

describe("container rules", () => {
  it.each([
    [
      resourcesSet,
      changeContainer((c) => delete (c.resources as Partial<typeof c.resources>).limits),
      "container serve: missing limits.cpu, limits.memory",
    ],
    [
      resourcesSet,
      changeContainer((c) => (c.resources.requests.cpu = "")),
      "container serve: missing requests.cpu",
    ],
    [
      runsAsNonRoot,
      (d: Deployment) => {
        d.spec.template.spec.securityContext = { runAsUser: 10001 };
        delete (d.spec.template.spec.containers[0] as Container).securityContext.runAsNonRoot;
      },
      "container serve: runAsNonRoot is not true (pod or container securityContext)",
    ],
    [
      runsAsNonRoot,
      changeContainer((c) => (c.securityContext.runAsUser = 0)),
      "container serve: runAsUser is 0 (root)",
    ],
    [
      readOnlyRootFs,
      changeContainer((c) => (c.securityContext.readOnlyRootFilesystem = false)),
      "container serve: securityContext.readOnlyRootFilesystem is not true",
    ],
    [
      notPrivileged,
      changeContainer((c) => (c.securityContext.privileged = true)),
      "container serve: securityContext.privileged is true",
    ],
    [
      notPrivileged,
      changeContainer((c) => delete c.securityContext.allowPrivilegeEscalation),
      "container serve: securityContext.allowPrivilegeEscalation is not false",
    ],
    [
      pinnedImages,
      changeContainer((c) => (c.image = "cr.yandex/crp1/scoring:latest")),
      'container serve: image "cr.yandex/crp1/scoring:latest" is not pinned (no tag or "latest")',
    ],
    [
      pinnedImages,
      changeContainer((c) => (c.image = "cr.yandex/crp1/scoring:dev")),
      'container serve: image "cr.yandex/crp1/scoring:dev" is pinned by tag only; pin it by @sha256 digest',
    ],
    [
      probes,
      changeContainer((c) => delete (c as Partial<Container>).readinessProbe),
      "container serve: missing readinessProbe",
    ],
  ])("%# %p", async (policy, change, expected) => {
    expect(await messagesOf(policy, [deployment()])).toEqual([]);
    expect(await messagesOf(policy, [deployment(change)])).toEqual([expected]);
  });

  it("checks init containers too, but asks probes only of long-running containers", async () => {
    const withInit = deployment((d) => {
      d.spec.template.spec.initContainers = [{ name: "fetch-model", image: "busybox" }];
    });
    expect(await messagesOf(pinnedImages, [withInit])).toEqual([
      'init container fetch-model: image "busybox" is not pinned (no tag or "latest")',
    ]);
    expect(await messagesOf(probes, [withInit])).toEqual([]);
    const job = resource(K8S.job, "train", {
      spec: { template: { spec: { containers: [{ name: "train", image: "x:1" }] } } },
    });
    expect(await messagesOf(probes, [job])).toEqual([]);
  });

  it("reads a CronJob's nested pod template", async () => {
    const cron = resource(K8S.cronJob, "refresh", {
      spec: {
        jobTemplate: {
          spec: { template: { spec: { containers: [{ name: "refresh", image: "x:latest" }] } } },
        },
      },
    });
    expect(await messagesOf(pinnedImages, [cron])).toEqual([
      'container refresh: image "x:latest" is not pinned (no tag or "latest")',
    ]);
  });

  it("exempts workloads rendered by a third-party chart", async () => {
    const chartChild = deployment(
      changeContainer((c) => (c.image = "quay.io/prometheus/prometheus")),
      `antifraud:monitoring:Monitoring$${K8S.helmChartV4}$`,
    );
    expect(await messagesOf(pinnedImages, [chartChild])).toEqual([]);
    const byParent = resource(K8S.deployment, "operator", goodDeployment, {
      parent: `urn:pulumi:unit::antifraud::${K8S.helmChartV4}::kps`,
    });
    const broken = {
      ...byParent,
      inputs: withChange(
        goodDeployment as Deployment,
        changeContainer((c) => (c.image = "x")),
      ),
    };
    expect(await messagesOf(pinnedImages, [broken])).toEqual([]);
  });

  it("accepts tags when digests are not required", () => {
    expect(imagePinProblem("cr.yandex/crp1/scoring:1.4.2", false)).toBeUndefined();
    expect(imagePinProblem("localhost:5000/scoring", false)).toBe(
      'image "localhost:5000/scoring" is not pinned (no tag or "latest")',
    );
    expect(imagePinProblem(undefined, false)).toBe("has no image");
  });
});

describe("k8s-min-replicas and k8s-disruption-budget", () => {
  const hpa = (min: number) =>
    resource(K8S.horizontalPodAutoscaler, "serve-hpa", {
      metadata: { name: "scoring-serve", namespace: "antifraud" },
      spec: {
        scaleTargetRef: { kind: "Deployment", name: "scoring-serve" },
        minReplicas: min,
        maxReplicas: 6,
      },
    });
  const pdb = (namespace: string, matchLabels: Record<string, string>) =>
    resource(K8S.podDisruptionBudget, "serve-pdb", {
      metadata: { name: "scoring-serve", namespace },
      spec: { maxUnavailable: 1, selector: { matchLabels } },
    });
  const single = deployment((d) => (d.spec.replicas = 1));

  it.each<[string, EvaluatedResource[], string[]]>([
    ["two replicas", [deployment()], []],
    [
      "one replica",
      [single],
      ['"scoring-serve" runs as few as 1 pod(s) (spec.replicas); at least 2 required'],
    ],
    ["an HPA with a floor of three", [single, hpa(3)], []],
    [
      "an HPA with a floor of one",
      [deployment(), hpa(1)],
      [
        '"scoring-serve" runs as few as 1 pod(s) (HorizontalPodAutoscaler "scoring-serve" minReplicas); at least 2 required',
      ],
    ],
  ])("min replicas: %s", async (_case, resources, expected) => {
    expect(await messagesOf(minReplicas, resources, { minReplicas: 2 })).toEqual(expected);
  });

  it.each<[string, EvaluatedResource[], string[]]>([
    ["a matching budget", [deployment(), pdb("antifraud", { "app.kubernetes.io/name": "scoring" })], []],
    ["no budget", [deployment()], ['"scoring-serve" has no PodDisruptionBudget selecting its pods']],
    [
      "a budget in another namespace",
      [deployment(), pdb("monitoring", labels)],
      ['"scoring-serve" has no PodDisruptionBudget selecting its pods'],
    ],
    [
      "a budget for other pods",
      [deployment(), pdb("antifraud", { "app.kubernetes.io/name": "simulator" })],
      ['"scoring-serve" has no PodDisruptionBudget selecting its pods'],
    ],
  ])("disruption budget: %s", async (_case, resources, expected) => {
    expect(await messagesOf(disruptionBudget, resources)).toEqual(expected);
  });

  it("reports on the workload's URN and can be switched off per stack", async () => {
    const [found] = await evaluatePolicies([deployment()], {
      stack: "unit",
      config: { all: "mandatory" },
      only: [disruptionBudget.name],
    });
    expect(found).toMatchObject({ urn: deployment().urn, name: "scoring-serve" });
    expect(await messagesOf(disruptionBudget, [deployment()], { required: false })).toEqual([]);
  });
});
