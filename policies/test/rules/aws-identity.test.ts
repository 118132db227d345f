import * as iam from "@pulumi/aws/iam";
import { noBroadDataRoles, noFolderWideAdmin } from "../../src/rules/identity";
import { messagesOf } from "../helpers";
import { awsResource } from "./aws-fixtures";

const document = (...Statement: Record<string, unknown>[]) =>
  JSON.stringify({ Version: "2012-10-17", Statement });
const rolePolicy = (...statements: Record<string, unknown>[]) =>
  awsResource(iam.RolePolicy, "identity-scoring-serve", { role: "r", policy: document(...statements) });
const BUCKET = "arn:aws:s3:::antifraud-prod-models-1";
const ISSUER = "oidc.eks.eu-central-1.amazonaws.com/id/ABC";
const OIDC = `arn:aws:iam::123456789012:oidc-provider/${ISSUER}`;
const role = (trust: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  awsResource(iam.Role, "identity-scoring-serve", { assumeRolePolicy: document(trust), ...extra });
const irsa = (condition: Record<string, unknown>) =>
  role({
    Effect: "Allow",
    Principal: { Federated: OIDC },
    Action: "sts:AssumeRoleWithWebIdentity",
    Condition: condition,
  });

describe("iam-least-privilege on AWS", () => {
  it.each([
    [
      "named actions on named resources",
      rolePolicy({ Sid: "ReadModels", Effect: "Allow", Action: ["s3:GetObject"], Resource: `${BUCKET}/*` }),
      [],
    ],
    [
      "every action of a service",
      rolePolicy({
        Sid: "Models",
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:*"],
        Resource: `${BUCKET}/*`,
      }),
      ["statement 0 (Models) allows s3:*: list the actions the role calls"],
    ],
    [
      "every action",
      rolePolicy({ Effect: "Allow", Action: "*", Resource: BUCKET }),
      ["statement 0 allows *: list the actions the role calls"],
    ],
    [
      "NotAction",
      rolePolicy({ Effect: "Allow", NotAction: "iam:*", Resource: BUCKET }),
      ["statement 0 allows every action but its NotAction: list the actions instead"],
    ],
    ["a wildcard in a Deny", rolePolicy({ Effect: "Deny", Action: "*", Resource: "*" }), []],
    [
      "an unreadable policy",
      awsResource(iam.RolePolicy, "p", { role: "r", policy: "{" }),
      ["policy is not a policy document with a Statement, so it cannot be checked"],
    ],
    [
      "AdministratorAccess attached",
      awsResource(iam.RolePolicyAttachment, "a", {
        role: "r",
        policyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
      }),
      ["managed policy AdministratorAccess grants a whole service or more; grant the actions needed"],
    ],
    [
      "a FullAccess policy attached",
      awsResource(iam.RolePolicyAttachment, "a", {
        role: "r",
        policyArn: "arn:aws:iam::aws:policy/AmazonS3FullAccess",
      }),
      ["managed policy AmazonS3FullAccess grants a whole service or more; grant the actions needed"],
    ],
    [
      "EKS's node policy",
      awsResource(iam.RolePolicyAttachment, "a", {
        role: "r",
        policyArn: "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
      }),
      [],
    ],
    [
      "a service trust",
      role({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }),
      [],
    ],
    [
      "a trust of any AWS principal",
      role({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }),
      ["assumeRolePolicy statement 0 lets any AWS principal assume the role; name the service or role"],
    ],
    [
      "an inline managed policy list with PowerUserAccess",
      role(
        { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
        { managedPolicyArns: ["arn:aws:iam::aws:policy/PowerUserAccess"] },
      ),
      ["managed policy PowerUserAccess grants a whole service or more; grant the actions needed"],
    ],
    [
      "an IRSA trust pinned to one service account",
      irsa({
        StringEquals: {
          [`${ISSUER}:sub`]: "system:serviceaccount:antifraud:scoring-serve",
          [`${ISSUER}:aud`]: "sts.amazonaws.com",
        },
      }),
      [],
    ],
  ])("%s", async (_case, r, expected) => {
    expect(await messagesOf(noFolderWideAdmin, [r])).toEqual(expected);
  });

  it.each([
    ["without a condition", {}],
    ["with only the audience", { StringEquals: { [`${ISSUER}:aud`]: "sts.amazonaws.com" } }],
    ["with a wildcard subject", { StringLike: { [`${ISSUER}:sub`]: "system:serviceaccount:antifraud:*" } }],
  ])("flags an IRSA trust %s", async (_case, condition) => {
    expect(await messagesOf(noFolderWideAdmin, [irsa(condition)])).toEqual([
      "assumeRolePolicy statement 0 trusts the cluster's OIDC provider without a StringEquals condition on " +
        "<issuer>:sub: every service account in the cluster could assume the role",
    ]);
  });
});

describe("iam-no-folder-wide-data-roles on AWS", () => {
  it.each([
    [
      "object access on named buckets",
      rolePolicy({ Effect: "Allow", Action: "s3:GetObject", Resource: `${BUCKET}/*` }),
      [],
    ],
    [
      "object reads on every bucket",
      rolePolicy({ Sid: "Read", Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: "*" }),
      [
        'statement 0 (Read) grants s3:GetObject, s3:ListBucket on every resource ("*"); name the buckets, keys or secrets it needs',
      ],
    ],
    [
      "decryption with every key",
      rolePolicy({ Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: ["*"] }),
      [
        'statement 0 grants kms:Decrypt, kms:GenerateDataKey on every resource ("*"); name the buckets, keys or secrets it needs',
      ],
    ],
    [
      "a control-plane read on every resource",
      rolePolicy({ Effect: "Allow", Action: "ec2:DescribeSubnets", Resource: "*" }),
      [],
    ],
    [
      "an unreadable policy (iam-least-privilege reports it)",
      awsResource(iam.RolePolicy, "p", { role: "r", policy: "{" }),
      [],
    ],
  ])("%s", async (_case, r, expected) => {
    expect(await messagesOf(noBroadDataRoles, [r])).toEqual(expected);
  });

  it("skips exempt resource names", async () => {
    const wide = rolePolicy({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" });
    expect(
      await messagesOf(noBroadDataRoles, [wide], { exemptBindings: ["^identity-scoring-serve$"] }),
    ).toEqual([]);
  });
});
