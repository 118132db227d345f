/**
 * Every Kubernetes object the program creates for dev and prod, sent to a real kube-apiserver (built
 * by the bootstrap, started here on 127.0.0.1) with server-side dry-run and strict field validation,
 * after the prometheus-operator CRDs of the pinned chart are installed. The Helm release itself is
 * rendered by Helm at deploy time from a chart that cannot be downloaded here; what the program puts
 * into its values for the operator's Prometheus and Alertmanager objects is validated against the CRDs.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { startKubeApiserver, type KubeApiserverHandle } from "@antifraud/local";
import { CHART_OPERATOR_VERSIONS } from "../../monitoring/chart-crds";
import { captureStack, type CaptureResult, type StackName } from "../../testing/capture";
import { chartCustomResources } from "../../testing/helm-values";
import {
  ApiDiscovery,
  createObject,
  CRD_ROOT,
  declaredObjects,
  describeObject,
  installCrds,
  type DeclaredObject,
} from "../../testing/kubernetes";
import { REPO_ROOT } from "../../testing/stack-files";
import { captureBoth, clone, configOf } from "../helpers";

jest.setTimeout(180_000);

const operatorVersion = /^PROMETHEUS_OPERATOR_VERSION=(\S+)$/m.exec(
  readFileSync(path.join(REPO_ROOT, "scripts", "local", "kube", "versions.env"), "utf8"),
)?.[1];

let server: KubeApiserverHandle;
let discovery: ApiDiscovery;
let stacks: Record<StackName, CaptureResult>;
let awsStacks: Record<StackName, CaptureResult>;
let crds: string[];

beforeAll(async () => {
  [server, stacks] = await Promise.all([startKubeApiserver(), captureBoth()]);
  awsStacks = {
    dev: await captureStack("dev", { "antifraud:cloud": "aws" }),
    prod: await captureStack("prod", { "antifraud:cloud": "aws" }),
  };
  discovery = new ApiDiscovery(server.client);
  crds = await installCrds(server.client, path.join(CRD_ROOT, `prometheus-operator-${operatorVersion}`));
}, 240_000);
afterAll(async () => server?.stop());

/** Namespaces are created for real (objects in them need them); everything else only dry-run. */
async function validate(objects: readonly DeclaredObject[]): Promise<string[]> {
  const problems: string[] = [];
  const report = (o: DeclaredObject, status: number, message: string | undefined, warnings: string[]) => {
    if (status >= 300) problems.push(`${describeObject(o)}: ${status} ${message}`);
    for (const w of warnings) problems.push(`${describeObject(o)}: warning: ${w}`);
  };
  const namespaces = objects.filter((o) => o.manifest.kind === "Namespace");
  for (const o of namespaces) {
    // 409: created by an earlier validation in this run (the other stack declares it too).
    const r = await createObject(server.client, discovery, o.manifest, "dry-run");
    if (r.status !== 409) report(o, r.status, r.message, r.warnings);
    const created = await createObject(server.client, discovery, o.manifest, "persist");
    if (created.status !== 201 && created.status !== 409) report(o, created.status, created.message, []);
  }
  for (const o of objects.filter((x) => x.manifest.kind !== "Namespace")) {
    const r = await createObject(server.client, discovery, o.manifest, "dry-run");
    report(o, r.status, r.message, r.warnings);
  }
  return problems;
}

describe("the API server and CRDs", () => {
  it("is kube-apiserver v1.34.3 serving the CRDs of the chart's prometheus-operator release", async () => {
    const version = (await server.client.request("GET", "/version")).body as { gitVersion: string };
    expect(version.gitVersion).toBe("v1.34.3");
    for (const stack of ["dev", "prod"] as const) {
      expect(CHART_OPERATOR_VERSIONS[configOf(stack).monitoring.chartVersion]).toBe(operatorVersion);
    }
    expect(crds).toEqual(
      expect.arrayContaining([
        "servicemonitors.monitoring.coreos.com",
        "prometheusrules.monitoring.coreos.com",
      ]),
    );
  });
});

describe.each<StackName>(["dev", "prod"])("%s stack", (stack) => {
  it("every Kubernetes object passes server-side dry-run with strict field validation, without warnings", async () => {
    const objects = declaredObjects(stacks[stack].resources);
    expect(new Set(objects.map((o) => o.manifest.kind))).toEqual(
      new Set([
        "Namespace",
        "Secret",
        "ConfigMap",
        "Service",
        "Deployment",
        "StatefulSet",
        "NetworkPolicy",
        "ServiceMonitor",
        "PrometheusRule",
        ...(stack === "prod" ? ["HorizontalPodAutoscaler", "PodDisruptionBudget"] : []),
      ]),
    );
    expect(await validate(objects)).toEqual([]);
  });

  it("on AWS too: the same kinds plus the workloads' ServiceAccounts", async () => {
    const objects = declaredObjects(awsStacks[stack].resources);
    const kinds = (list: readonly DeclaredObject[]) => list.map((o) => o.manifest.kind);
    expect(new Set(kinds(objects))).toEqual(
      new Set([...kinds(declaredObjects(stacks[stack].resources)), "ServiceAccount"]),
    );
    expect(objects.filter((o) => o.manifest.kind === "ServiceAccount").map(describeObject)).toEqual([
      "ServiceAccount antifraud/scoring-serve (Pulumi resource scoring-serve-account)",
      "ServiceAccount antifraud/scoring-stream (Pulumi resource scoring-stream-account)",
      "ServiceAccount mlflow/mlflow (Pulumi resource mlflow-account)",
    ]);
    expect(await validate(objects)).toEqual([]);
  });

  it("what the program puts into the chart's Prometheus and Alertmanager specs is valid for their CRDs", async () => {
    const release = stacks[stack].resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release");
    expect(release?.inputs).toMatchObject({
      chart: "kube-prometheus-stack",
      version: configOf(stack).monitoring.chartVersion,
    });
    const objects = chartCustomResources(
      release?.inputs.values as Record<string, unknown>,
      release?.inputs.namespace as string,
    );
    expect(objects.map((o) => o.manifest.kind).sort()).toEqual(["Alertmanager", "Prometheus"]);
    // The stack's namespaces come first, so this case does not depend on the one above having run.
    const namespaces = declaredObjects(stacks[stack].resources).filter(
      (o) => o.manifest.kind === "Namespace",
    );
    expect(
      await validate([
        ...namespaces,
        ...objects.map((o) => ({ ...o, resource: `${release?.name} values: ${o.resource}` })),
      ]),
    ).toEqual([]);
  });
});

describe("broken objects fail with the object named", () => {
  const declared = (resource: string) =>
    clone(declaredObjects(stacks.dev.resources).find((x) => x.resource === resource) as DeclaredObject);

  type Editable = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  it.each<[string, (m: Editable) => void, RegExp]>([
    [
      "an unknown field",
      (m) => (m.spec.template.spec.containers[0].imagePullPolicyy = "Always"),
      /^Deployment antifraud\/scoring-serve \(Pulumi resource scoring-serve\): 400 .*unknown field "spec\.template\.spec\.containers\[0\]\.imagePullPolicyy"/,
    ],
    [
      "a misplaced field",
      (m) => (m.spec.containers = m.spec.template.spec.containers),
      /^Deployment antifraud\/scoring-serve \(Pulumi resource scoring-serve\): 400 .*unknown field "spec\.containers"/,
    ],
    [
      "an invalid value",
      (m) => (m.spec.template.spec.containers[0].ports[0].containerPort = 70000),
      /^Deployment antifraud\/scoring-serve \(Pulumi resource scoring-serve\): 422 .*spec\.template\.spec\.containers\[0\]\.ports\[0\]\.containerPort: Invalid value: 70000/,
    ],
    [
      "a pod that breaks the namespace's restricted Pod Security level",
      (m) => (m.spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation = true),
      /^Deployment antifraud\/scoring-serve \(Pulumi resource scoring-serve\): warning: would violate PodSecurity "restricted:latest": allowPrivilegeEscalation != false/,
    ],
  ])("%s", async (_title, edit, expected) => {
    const o = declared("scoring-serve");
    edit(o.manifest as Record<string, unknown>);
    const problems = await validate([declared("kubernetes-namespace"), o]);
    expect(problems).toEqual([expect.stringMatching(expected)]);
  });
});
