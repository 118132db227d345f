import * as yandex from "@antifraud/infra/yandex";
import { airflowAdminPassword, airflowLockboxBackend, airflowPrivate } from "../../src/rules/airflow";
import { mlflowPrivate } from "../../src/rules/mlflow";
import {
  postgresqlClientTls,
  postgresqlHighAvailability,
  postgresqlPrivate,
} from "../../src/rules/postgresql";
import { K8S } from "../../src/lib/kubernetes-types";
import { messagesOf, resource, withChange } from "../helpers";
import type { Inputs } from "../stack-fixtures";

const airflowInputs = {
  name: "airflow",
  serviceAccountId: "aje1",
  subnetIds: ["e9b1", "e9b2"],
  securityGroupIds: ["enp1"],
  adminPassword: "A".repeat(24),
  codeSync: { s3: { bucket: "dags" } },
  webserver: { count: 1, resourcePresetId: "c1-m4" },
  scheduler: { count: 1, resourcePresetId: "c1-m4" },
  worker: { minCount: 1, maxCount: 2, resourcePresetId: "c1-m4" },
  lockboxSecretsBackend: { enabled: true },
};
const airflow = (change: (i: Inputs) => void = () => undefined) =>
  resource(yandex.AirflowCluster.__pulumiType, "airflow-cluster", withChange(airflowInputs, change));

describe("airflow-lockbox-backend", () => {
  const message =
    "lockboxSecretsBackend.enabled is not true: connections and variables would be kept in Airflow's own " +
    "database; enable the Lockbox secrets backend";
  it.each([
    ["enabled", airflow(), []],
    ["disabled", airflow((i) => (i.lockboxSecretsBackend.enabled = false)), [message]],
    ["absent", airflow((i) => delete i.lockboxSecretsBackend), [message]],
  ])("%s", async (_case, r, expected) => {
    expect(await messagesOf(airflowLockboxBackend, [r])).toEqual(expected);
  });
});

describe("airflow-private", () => {
  it.each([
    ["subnets, a security group and the DAG bucket", airflow(), []],
    [
      "no security group",
      airflow((i) => delete i.securityGroupIds),
      ["no securityGroupIds: the cluster would get the network's default security group"],
    ],
    [
      "no subnets",
      airflow((i) => (i.subnetIds = [])),
      ["subnetIds is empty: place the cluster in the data subnets"],
    ],
    [
      "DAGs from a git repository",
      airflow(
        (i) => (i.codeSync = { gitSync: { repo: "git@x:y", branch: "main", subPath: "dags", sshKey: "k" } }),
      ),
      ["codeSync does not read DAGs from a bucket (codeSync.s3): deploy DAGs through the stack's DAG bucket"],
    ],
  ])("%s", async (_case, r, expected) => {
    expect(await messagesOf(airflowPrivate, [r])).toEqual(expected);
  });
});

describe("airflow-admin-password", () => {
  it.each([
    ["a generated password", airflow(), []],
    [
      "none",
      airflow((i) => delete i.adminPassword),
      ["adminPassword is not set: the service would pick one nobody can use; pass a generated secret"],
    ],
    [
      "a short one",
      airflow((i) => (i.adminPassword = "admin")),
      ["adminPassword has 5 characters; at least 16 required"],
    ],
  ])("%s", async (_case, r, expected) => {
    expect(await messagesOf(airflowAdminPassword, [r])).toEqual(expected);
  });
});

const pgInputs = {
  name: "pg",
  environment: "PRODUCTION",
  networkId: "enp1",
  securityGroupIds: ["enp2"],
  deletionProtection: true,
  config: {
    version: "17",
    resources: { resourcePresetId: "s3-c2-m8", diskSize: 20 },
    access: { webSql: false, dataLens: false },
  },
  hosts: [{ zone: "ru-central1-a" }, { zone: "ru-central1-b", assignPublicIp: false }],
};
const pg = (change: (i: Inputs) => void = () => undefined) =>
  resource(yandex.MdbPostgresqlCluster.__pulumiType, "postgresql-cluster", withChange(pgInputs, change));

describe("postgresql-private", () => {
  it.each([
    ["private, behind a security group", pg(), []],
    [
      "no security group",
      pg((i) => (i.securityGroupIds = [])),
      ["no securityGroupIds: the cluster would get the network's default security group"],
    ],
    [
      "a public host",
      pg((i) => (i.hosts[1].assignPublicIp = true)),
      ["hosts[1] (ru-central1-b) has assignPublicIp = true; keep PostgreSQL private"],
    ],
    [
      "the console's SQL editor and DataLens let in",
      pg((i) => (i.config.access = { webSql: true, dataLens: true })),
      ["config.access opens the database to webSql, dataLens; set them to false"],
    ],
  ])("%s", async (_case, r, expected) => {
    expect(await messagesOf(postgresqlPrivate, [r])).toEqual(expected);
  });
});

describe("postgresql-high-availability", () => {
  it.each([
    ["two hosts, protected", pg(), {}, []],
    [
      "one host",
      pg((i) => i.hosts.pop()),
      {},
      ["1 host(s); at least 2 required so a failover has a replica"],
    ],
    [
      "unprotected",
      pg((i) => (i.deletionProtection = false)),
      {},
      ["deletionProtection is not true: one mistaken delete would lose the database"],
    ],
    [
      "one unprotected host with the dev thresholds",
      pg((i) => {
        i.hosts.pop();
        i.deletionProtection = false;
      }),
      { minHosts: 1, deletionProtection: false },
      [],
    ],
  ])("%s", async (_case, r, settings, expected) => {
    expect(await messagesOf(postgresqlHighAvailability, [r], settings)).toEqual(expected);
  });
});

describe("postgresql-client-tls", () => {
  const secret = (uri: string) =>
    resource(K8S.secret, "mlflow-backend-store", {
      metadata: { name: "mlflow-backend-store" },
      stringData: { MLFLOW_BACKEND_STORE_URI: uri, OTHER: "not a uri" },
    });
  const base = "postgresql://mlflow:pw@c-1.rw.mdb.yandexcloud.net:6432/mlflow";
  const message =
    'Secret "mlflow-backend-store" key MLFLOW_BACKEND_STORE_URI: a PostgreSQL URI without sslmode=verify-full; ' +
    "verify the server's certificate against the CA";
  it.each([
    ["verify-full", `${base}?sslmode=verify-full&sslrootcert=/ca.pem`, []],
    ["verify-ca", `${base}?sslrootcert=/ca.pem&sslmode=verify-ca`, []],
    ["no sslmode", base, [message]],
    ["require (TLS without checking the server)", `${base}?sslmode=require`, [message]],
    ["a driver-qualified URI without TLS", "postgresql+psycopg2://u:p@h:6432/db", [message]],
  ])("%s", async (_case, uri, expected) => {
    expect(await messagesOf(postgresqlClientTls, [secret(uri)])).toEqual(expected);
  });
});

describe("mlflow-private", () => {
  const pipelineCidrs = ["10.128.16.0/20", "10.128.32.0/20"];
  const service = (
    type: string | undefined,
    app = "mlflow",
    extra: { annotations?: Record<string, string>; loadBalancerSourceRanges?: string[] } = {},
  ) =>
    resource(K8S.service, "mlflow-service", {
      metadata: { name: "mlflow", ...(extra.annotations ? { annotations: extra.annotations } : {}) },
      spec: {
        ...(type ? { type } : {}),
        selector: { "app.kubernetes.io/name": app },
        ports: [{ port: 5000 }],
        ...(extra.loadBalancerSourceRanges
          ? { loadBalancerSourceRanges: extra.loadBalancerSourceRanges }
          : {}),
      },
    });
  const internal = { "yandex.cloud/load-balancer-type": "internal", "yandex.cloud/subnet-id": "e9b1" };
  const internalLb = (loadBalancerSourceRanges?: string[]) =>
    service("LoadBalancer", "mlflow", { annotations: internal, loadBalancerSourceRanges });
  const nodePort =
    'Service "mlflow" of type NodePort exposes mlflow outside the cluster: use ClusterIP, or an internal ' +
    "LoadBalancer with loadBalancerSourceRanges";
  const publicLb =
    'Service "mlflow" of type LoadBalancer without yandex.cloud/load-balancer-type: internal gives mlflow a ' +
    "public address: make the load balancer internal";
  const noRanges =
    'Service "mlflow" (internal LoadBalancer) has no loadBalancerSourceRanges: every address in the VPC ' +
    "reaches mlflow; list the client subnets";
  const world = (blocks: string) =>
    `Service "mlflow" (internal LoadBalancer) loadBalancerSourceRanges admit the world (${blocks}); ` +
    "list the client subnets";
  it.each([
    ["ClusterIP", service("ClusterIP"), []],
    ["type left to the default (ClusterIP)", service(undefined), []],
    ["internal LoadBalancer limited to the pipeline subnets", internalLb(pipelineCidrs), []],
    ["NodePort", service("NodePort"), [nodePort]],
    ["public LoadBalancer", service("LoadBalancer"), [publicLb]],
    [
      "public LoadBalancer, even with source ranges",
      service("LoadBalancer", "mlflow", { loadBalancerSourceRanges: pipelineCidrs }),
      [publicLb],
    ],
    [
      "a load-balancer-type other than internal",
      service("LoadBalancer", "mlflow", {
        annotations: { "yandex.cloud/load-balancer-type": "external" },
        loadBalancerSourceRanges: pipelineCidrs,
      }),
      [publicLb],
    ],
    ["internal LoadBalancer without source ranges", internalLb(), [noRanges]],
    ["internal LoadBalancer with empty source ranges", internalLb([]), [noRanges]],
    [
      "internal LoadBalancer open to 0.0.0.0/0",
      internalLb([...pipelineCidrs, "0.0.0.0/0"]),
      [world("0.0.0.0/0")],
    ],
    [
      "internal LoadBalancer open to the world in halves",
      internalLb(["0.0.0.0/1", "128.0.0.0/1"]),
      [world("0.0.0.0/1, 128.0.0.0/1")],
    ],
    ["another app's public load balancer", service("LoadBalancer", "scoring"), []],
  ])("%s", async (_case, r, expected) => {
    expect(await messagesOf(mlflowPrivate, [r])).toEqual(expected);
  });
});
