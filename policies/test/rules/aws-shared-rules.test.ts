/**
 * Rules whose resources exist on both clouds (Kubernetes Services and workloads, the stack's cost)
 * against what the AWS program declares: internal NLB annotations, ECR images, a USD budget.
 */
import * as kms from "@pulumi/aws/kms";
import { K8S } from "../../src/lib/kubernetes-types";
import { costWithinBudget } from "../../src/rules/cost";
import { imagesFromRegistry } from "../../src/rules/kubernetes-security";
import { mlflowPrivate } from "../../src/rules/mlflow";
import { onlyScoringIsPublic } from "../../src/rules/network";
import { messagesOf, resource } from "../helpers";
import { awsType } from "./aws-fixtures";

const NLB = { "service.beta.kubernetes.io/aws-load-balancer-type": "nlb" };
const service = (name: string, app: string, annotations: Record<string, string>) =>
  resource(K8S.service, `${name}-service`, {
    metadata: { name, annotations },
    spec: {
      type: "LoadBalancer",
      selector: { "app.kubernetes.io/name": app },
      ports: [{ port: 5000 }],
      loadBalancerSourceRanges: ["10.20.96.0/20"],
    },
  });

describe("internal load balancers on EKS", () => {
  it.each([
    [
      "the in-tree internal annotation",
      { ...NLB, "service.beta.kubernetes.io/aws-load-balancer-internal": "true" },
      [],
    ],
    [
      "the AWS Load Balancer Controller's internal scheme",
      { "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal" },
      [],
    ],
    [
      "an internet-facing NLB",
      NLB,
      [
        'Service "mlflow-internal" of type LoadBalancer without service.beta.kubernetes.io/aws-load-balancer-internal: ' +
          '"true" gives mlflow a public address: make the load balancer internal',
      ],
    ],
    [
      "the internal annotation set to false",
      { ...NLB, "service.beta.kubernetes.io/aws-load-balancer-internal": "false" },
      [
        'Service "mlflow-internal" of type LoadBalancer without service.beta.kubernetes.io/aws-load-balancer-internal: ' +
          '"true" gives mlflow a public address: make the load balancer internal',
      ],
    ],
  ])("mlflow-private: %s", async (_case, annotations, expected) => {
    expect(await messagesOf(mlflowPrivate, [service("mlflow-internal", "mlflow", annotations)])).toEqual(
      expected,
    );
  });

  it("network-public-services accepts an internal NLB and flags an internet-facing one", async () => {
    const internal = service("grafana-internal", "grafana", {
      ...NLB,
      "service.beta.kubernetes.io/aws-load-balancer-internal": "true",
    });
    const exposed = service("grafana", "grafana", NLB);
    expect(await messagesOf(onlyScoringIsPublic, [internal, exposed], { publicPorts: [] })).toEqual([
      'Service "grafana" of type LoadBalancer exposes a workload that must stay internal: use ClusterIP',
    ]);
  });
});

describe("k8s-images-from-registry with ECR", () => {
  const deployment = (image: string) =>
    resource(K8S.deployment, "scoring-serve", {
      metadata: { name: "scoring-serve" },
      spec: { template: { spec: { containers: [{ name: "serve", image }] } } },
    });
  const ECR = `123456789012.dkr.ecr.eu-central-1.amazonaws.com/antifraud-prod/scoring@sha256:${"a".repeat(64)}`;
  it.each([
    ["an ECR image", ECR, {}, []],
    ["an ECR image of the pinned account", ECR, { ecrPattern: "^123456789012\\.dkr\\.ecr\\." }, []],
    [
      "an ECR image of another account",
      ECR.replace("123456789012", "210987654321"),
      { ecrPattern: "^123456789012\\.dkr\\.ecr\\." },
      [
        `container serve: image "${ECR.replace("123456789012", "210987654321")}" is not from the stack's registry (cr.yandex/)`,
      ],
    ],
    [
      "a public ECR image",
      "public.ecr.aws/docker/library/node:22",
      {},
      [
        'container serve: image "public.ecr.aws/docker/library/node:22" is not from the stack\'s registry (cr.yandex/)',
      ],
    ],
  ])("%s", async (_case, image, settings, expected) => {
    expect(await messagesOf(imagesFromRegistry, [deployment(image)], settings)).toEqual(expected);
  });
});

describe("cost-within-budget on AWS", () => {
  const provider = resource("pulumi:providers:aws", "aws", { region: "eu-central-1" });
  const key = resource(
    awsType(kms.Key),
    "storage-kms",
    { enableKeyRotation: true },
    {
      provider: `${provider.urn}::aws-id`,
    },
  );
  it.each([
    [
      "no USD budget configured",
      {},
      [
        "no awsMonthlyBudget configured for this stack: set cost-within-budget.awsMonthlyBudget in the policy pack config",
      ],
    ],
    [
      "a RUB budget only (the Yandex stack's)",
      { monthlyBudget: 400_000 },
      [
        "no awsMonthlyBudget configured for this stack: set cost-within-budget.awsMonthlyBudget in the policy pack config",
      ],
    ],
    [
      "a stack it cannot price",
      { awsMonthlyBudget: 8000 },
      ["cannot price the stack: expected one MSK cluster, found 0"],
    ],
  ])("%s", async (_case, settings, expected) => {
    expect(await messagesOf(costWithinBudget, [provider, key], settings)).toEqual(expected);
  });
});
