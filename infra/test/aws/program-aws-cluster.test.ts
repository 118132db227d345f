/**
 * The program with antifraud:cloud = aws, both stacks, under the mock engine: EKS and ECR, the workloads'
 * IRSA roles and ServiceAccounts, the load balancers, and the stack outputs.
 */
import { instanceTypeFor } from "../../aws/sizes";
import { YANDEX_ZONES } from "../../config/schema";
import type { CaptureResult, StackName } from "../../testing/capture";
import { at, configOf, ofType, one } from "../helpers";
import { captureAws, doc, K8S, T, type Json } from "./fixtures";

let captured: Record<StackName, CaptureResult>;
beforeAll(async () => {
  captured = await captureAws();
}, 120_000);

describe.each(["dev", "prod"] as const)("%s stack on AWS", (stack) => {
  const config = configOf(stack);
  const region = config.aws.region;
  const resources = () => captured[stack].resources;
  const nodeZones = config.zones.map((z) => `${region}${"abc"[YANDEX_ZONES.indexOf(z as never)]}`);

  it("runs EKS with Secrets encrypted, the API private unless publicApi (then admin networks only), a node group per zone", () => {
    const k = config.kubernetes;
    const eks = one(resources(), T.eks, "kubernetes-cluster");
    expect(eks.inputs.vpcConfig).toEqual({
      subnetIds: expect.arrayContaining([expect.stringMatching(/^subnet-/)]),
      endpointPrivateAccess: true,
      endpointPublicAccess: k.publicApi,
      ...(k.publicApi ? { publicAccessCidrs: config.network.adminCidrs } : {}),
    });
    expect(at(eks.inputs, "encryptionConfig.resources")).toEqual(["secrets"]);
    const groups = ofType(resources(), T.nodes);
    expect(groups.map((g) => g.name)).toEqual(nodeZones.map((z) => `kubernetes-nodes-${z}`));
    for (const g of groups) {
      expect(g.inputs).toMatchObject({
        instanceTypes: [instanceTypeFor("ec2", k.nodes.cores, k.nodes.memoryGb).type],
        capacityType: k.nodes.preemptible ? "SPOT" : "ON_DEMAND",
        scalingConfig: {
          minSize: k.nodes.minNodes,
          maxSize: k.nodes.maxNodes,
          desiredSize: k.nodes.initialNodes,
        },
      });
    }
    expect(
      ofType(resources(), T.ecr).map((r) => [
        r.inputs.name,
        at(r.inputs, "imageScanningConfiguration.scanOnPush"),
      ]),
    ).toEqual([
      [`antifraud-${stack}/scoring`, true],
      [`antifraud-${stack}/mlflow`, true],
    ]);
  });

  it("gives serve, stream and MLflow each a role trusted only by its own ServiceAccount, with no stored keys", () => {
    const trust = (name: string) =>
      doc(one(resources(), T.role, `workload-roles-${name}`), "assumeRolePolicy").Statement[0];
    const subjects = {
      serve: "antifraud:scoring-serve",
      stream: "antifraud:scoring-stream",
      mlflow: "mlflow:mlflow",
    };
    for (const [workload, subject] of Object.entries(subjects)) {
      const condition = trust(workload).Condition.StringEquals;
      expect(Object.values(condition).sort()).toEqual(
        [`system:serviceaccount:${subject}`, "sts.amazonaws.com"].sort(),
      );
      expect(Object.keys(condition).every((k) => k.startsWith(`oidc.eks.${region}.amazonaws.com/id/`))).toBe(
        true,
      );
    }
    const actions = (name: string) =>
      doc(one(resources(), T.rolePolicy, `workload-roles-${name}`), "policy").Statement.flatMap(
        (s: Json) => s.Action,
      );
    expect(actions("serve")).toEqual(["s3:ListBucket", "s3:GetObject", "kms:Decrypt"]);
    expect(actions("mlflow")).toEqual([
      "s3:ListBucket",
      "s3:GetObject",
      "s3:PutObject",
      "s3:DeleteObject",
      "kms:Decrypt",
      "kms:GenerateDataKey",
    ]);
    const accounts = ofType(resources(), K8S.serviceAccount);
    expect(
      accounts.map((a) => [
        at(a.inputs, "metadata.name"),
        Object.keys(at(a.inputs, "metadata.annotations") as Json),
      ]),
    ).toEqual([
      ["scoring-serve", ["eks.amazonaws.com/role-arn"]],
      ["scoring-stream", ["eks.amazonaws.com/role-arn"]],
      ["mlflow", ["eks.amazonaws.com/role-arn"]],
    ]);
    const serve = one(resources(), K8S.deployment, "scoring-serve");
    expect(at(serve.inputs, "spec.template.spec.serviceAccountName")).toBe("scoring-serve");
    const env = at(serve.inputs, "spec.template.spec.containers[0].env") as Json[];
    expect(env.filter((e) => e.name.startsWith("S3_"))).toEqual([
      { name: "S3_ENDPOINT", value: `https://s3.${region}.amazonaws.com` },
      { name: "S3_REGION", value: region },
    ]);
    expect(env.map((e) => e.name)).not.toContain("AWS_ACCESS_KEY_ID");
    expect(ofType(resources(), K8S.secret).map((s) => at(s.inputs, "metadata.name"))).not.toContain(
      "scoring-storage",
    );
  });

  it("keeps the API, Grafana and MLflow behind internal Network Load Balancers", () => {
    const balancers = ofType(resources(), K8S.service).filter(
      (s) => at(s.inputs, "spec.type") === "LoadBalancer",
    );
    expect(balancers.map((s) => [s.name, at(s.inputs, "metadata.annotations")]).sort()).toEqual(
      ["mlflow-internal-service", "monitoring-grafana-internal", "scoring-serve-service"].map((name) => [
        name,
        {
          "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
          "service.beta.kubernetes.io/aws-load-balancer-internal": "true",
        },
      ]),
    );
  });

  it("resolves the stack outputs, secrets secret, and has no scheduler", () => {
    const { outputs, secretOutputs } = captured[stack];
    expect(outputs.cloud).toBe("aws");
    expect(Object.keys(outputs.buckets as Json).sort()).toEqual(["clean", "models", "raw", "spark"]);
    expect(outputs.scoringEndpoint).toMatch(/^http:\/\/198\.51\.100\.\d+$/);
    expect(outputs.grafanaUrl).toMatch(/^http:\/\/198\.51\.100\.\d+$/);
    expect(outputs.kubeconfig).toContain("get-token");
    expect(outputs.airflowClusterId).toBeUndefined();
    expect(secretOutputs.sort()).toEqual(["kubeconfig", "modelSigningKey", "scoringTokenIssuerKey"]);
    expect((outputs.costEstimate as Json).currency).toBe("USD");
  });
});
