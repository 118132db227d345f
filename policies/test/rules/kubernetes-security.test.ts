import { K8S } from "../../src/lib/kubernetes-types";
import { noBroadDataRoles } from "../../src/rules/identity";
import { credentialProblem } from "../../src/rules/kubernetes-security";
import { messagesOf, resource } from "../helpers";

const PUBLIC_PEM = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAabc\n-----END PUBLIC KEY-----\n";

describe("credentialProblem", () => {
  it.each([
    ["AUTH_TOKEN_PUBLIC_KEYS", PUBLIC_PEM, undefined],
    ["MODEL_SIGNING_PUBLIC_KEYS", PUBLIC_PEM, undefined],
    ["KAFKA_SASL_USERNAME", "scoring-stream", undefined],
    ["S3_ENDPOINT", "https://storage.yandexcloud.net", undefined],
    ["KAFKA_BROKERS", "rc1a-x.mdb.yandexcloud.net:9091", undefined],
    ["KAFKA_SASL_PASSWORD", "", undefined],
    ["KAFKA_SASL_PASSWORD", "hunter2", "KAFKA_SASL_PASSWORD looks like a credential"],
    ["AWS_SECRET_ACCESS_KEY", "YCM-x", "AWS_SECRET_ACCESS_KEY looks like a credential"],
    ["TELEGRAM_BOT_TOKEN", "123:abc", "TELEGRAM_BOT_TOKEN looks like a credential"],
    [
      "SIGNING",
      "-----BEGIN PRIVATE KEY-----\nMC4\n-----END PRIVATE KEY-----",
      "SIGNING holds a private key or a URL with a password",
    ],
    ["REDIS", "rediss://:pw@host:6380", "REDIS holds a private key or a URL with a password"],
    ["REDIS", "rediss://host:6380", undefined],
  ])("%s=%j -> %s", (name, value, expected) => {
    expect(credentialProblem(name, value)).toBe(expected);
  });
});

describe("iam-no-folder-wide-data-roles on Kubernetes bindings", () => {
  const binding = (type: string, role: string) =>
    resource(type, `bind-${role}`, {
      metadata: { name: `bind-${role}` },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role },
      subjects: [{ kind: "ServiceAccount", name: "x", namespace: "antifraud" }],
    });
  it.each([
    [
      K8S.clusterRoleBinding,
      "cluster-admin",
      ["bind-cluster-admin binds cluster-admin; bind a role with only the verbs needed"],
    ],
    [
      K8S.roleBinding,
      "cluster-admin",
      ["bind-cluster-admin binds cluster-admin; bind a role with only the verbs needed"],
    ],
    [K8S.clusterRoleBinding, "view", []],
  ])("%s to %s", async (type, role, expected) => {
    expect(await messagesOf(noBroadDataRoles, [binding(type, role)])).toEqual(expected);
  });
});
