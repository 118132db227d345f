import * as yandex from "@antifraud/infra/yandex";
import { noFolderWideAdmin } from "../../src/rules/identity";
import { redisTls } from "../../src/rules/redis";
import { sparkBoundedAutoscaling, sparkNoPublicIp } from "../../src/rules/spark";
import { messagesOf, resource } from "../helpers";

describe("redis-tls", () => {
  const redis = (tlsEnabled: boolean | undefined, publicHost = false) =>
    resource(yandex.MdbRedisCluster.__pulumiType, "redis", {
      networkId: "enp1",
      environment: "PRODUCTION",
      ...(tlsEnabled === undefined ? {} : { tlsEnabled }),
      config: { password: "p", version: "7.2" },
      resources: { resourcePresetId: "hm3-c2-m8", diskSize: 16 },
      hosts: [{ zone: "ru-central1-a" }, { zone: "ru-central1-b", assignPublicIp: publicHost }],
    });
  it.each([
    ["TLS on, private hosts", redis(true), []],
    [
      "TLS off",
      redis(false),
      ["tlsEnabled is not true: feature values and the password would cross the network in clear"],
    ],
    [
      "TLS unset",
      redis(undefined),
      ["tlsEnabled is not true: feature values and the password would cross the network in clear"],
    ],
    [
      "a public host",
      redis(true, true),
      ["hosts[1] (ru-central1-b) has assignPublicIp = true; keep Redis private"],
    ],
  ])("%s", async (_case, r, expected) => {
    expect(await messagesOf(redisTls, [r])).toEqual(expected);
  });
});

describe("iam-least-privilege", () => {
  const member = (role: string) =>
    resource(yandex.ResourcemanagerFolderIamMember.__pulumiType, `sa-${role}`, {
      folderId: "b1g",
      role,
      member: "serviceAccount:aje1",
    });
  it.each([
    ["a service role", "k8s.clusters.agent", []],
    ["storage.editor", "storage.editor", []],
    [
      "editor",
      "editor",
      [
        'serviceAccount:aje1: folder-wide primitive role "editor" grants every service in the folder; grant a service-specific role instead',
      ],
    ],
    [
      "admin",
      "admin",
      [
        'serviceAccount:aje1: folder-wide primitive role "admin" grants every service in the folder; grant a service-specific role instead',
      ],
    ],
    [
      "storage.admin",
      "storage.admin",
      [
        'serviceAccount:aje1: folder-wide "storage.admin" grants admin rights on every storage resource; grant a service-specific role instead',
      ],
    ],
    [
      "KMS encrypt/decrypt on the folder",
      "kms.keys.encrypterDecrypter",
      [
        'serviceAccount:aje1: folder-wide "kms.keys.encrypterDecrypter" reaches every KMS key in the folder; bind it on the key with KmsSymmetricKeyIamBinding',
      ],
    ],
    [
      "registry push on the folder",
      "container-registry.images.pusher",
      [
        'serviceAccount:aje1: folder-wide "container-registry.images.pusher" reaches every registry in the folder; bind it on the registry with ContainerRegistryIamBinding',
      ],
    ],
    [
      "registry pull on the folder",
      "container-registry.images.puller",
      [
        'serviceAccount:aje1: folder-wide "container-registry.images.puller" reaches every registry in the folder; bind it on the registry with ContainerRegistryIamBinding',
      ],
    ],
    [
      "Lockbox payloads on the folder",
      "lockbox.payloadViewer",
      [
        `serviceAccount:aje1: folder-wide "lockbox.payloadViewer" reaches every Lockbox secret's payload in the folder; bind it on the secret with LockboxSecretIamBinding`,
      ],
    ],
    [
      "KMS decrypt on the folder",
      "kms.keys.decrypter",
      [
        'serviceAccount:aje1: folder-wide "kms.keys.decrypter" reaches every KMS key in the folder; bind it on the key with KmsSymmetricKeyIamBinding',
      ],
    ],
    [
      "Data Processing jobs on the folder",
      "dataproc.editor",
      [
        'serviceAccount:aje1: folder-wide "dataproc.editor" reaches every Data Processing cluster in the folder; bind it on the cluster with DataprocClusterIamBinding',
      ],
    ],
    ["a KMS role that is not scoped here", "kms.keys.user", []],
  ])("%s", async (_case, role, expected) => {
    expect(await messagesOf(noFolderWideAdmin, [member(role)])).toEqual(expected);
  });

  it("rejects authoritative folder bindings", async () => {
    const binding = resource(
      "yandex:index/resourcemanagerFolderIamBinding:ResourcemanagerFolderIamBinding",
      "b",
      {
        folderId: "b1g",
        role: "viewer",
        members: ["serviceAccount:aje1"],
      },
    );
    expect(await messagesOf(noFolderWideAdmin, [binding])).toEqual([
      "ResourcemanagerFolderIamBinding is authoritative and strips other principals' bindings; use ResourcemanagerFolderIamMember",
    ]);
  });
});

describe("spark rules", () => {
  const spec = (name: string, role: string, hostsCount: number, extra: Record<string, unknown> = {}) => ({
    name,
    role,
    subnetId: "e9b1",
    hostsCount,
    assignPublicIp: false,
    resources: { resourcePresetId: "s3-c2-m8", diskSize: 64 },
    ...extra,
  });
  const cluster = (...specs: Record<string, unknown>[]) =>
    resource(yandex.DataprocCluster.__pulumiType, "spark", {
      serviceAccountId: "aje1",
      clusterConfig: { subclusterSpecs: specs },
    });
  const compute = (max: number, min = 1) =>
    spec("computenode", "COMPUTENODE", min, { autoscalingConfig: { maxHostsCount: max } });

  it.each([
    ["private hosts", cluster(spec("masternode", "MASTERNODE", 1), compute(4)), []],
    [
      "a public master",
      cluster(spec("masternode", "MASTERNODE", 1, { assignPublicIp: true })),
      ['subcluster "masternode" (MASTERNODE) has assignPublicIp = true'],
    ],
  ])("spark-no-public-ip: %s", async (_case, r, expected) => {
    expect(await messagesOf(sparkNoPublicIp, [r])).toEqual(expected);
  });

  it.each([
    ["autoscaling within the ceiling", cluster(compute(6)), []],
    ["fixed-size subclusters", cluster(spec("datanode", "DATANODE", 12)), []],
    [
      "autoscaling above the ceiling",
      cluster(compute(40)),
      ['subcluster "computenode" may scale to 40 hosts; the ceiling is 6'],
    ],
    [
      "a ceiling below the starting size",
      cluster(compute(2, 3)),
      ['subcluster "computenode" has maxHostsCount 2 below hostsCount 3'],
    ],
  ])("spark-bounded-autoscaling: %s", async (_case, r, expected) => {
    expect(await messagesOf(sparkBoundedAutoscaling, [r], { maxHosts: 6 })).toEqual(expected);
  });
});
