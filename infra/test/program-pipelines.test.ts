/**
 * The scheduled pipelines' infrastructure under the mock engine, for both stacks: Managed Airflow with
 * its account and grants, the DAG uploads, the Lockbox secret the DAGs read, the PostgreSQL backend
 * store and the in-cluster MLflow server with its internal load balancer for the pipelines.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import * as dockerBuild from "@pulumi/docker-build";
import * as k8s from "@pulumi/kubernetes";
import { costInputsFromConfig } from "../config";
import { AIRFLOW_VERSION, POSTGRESQL_VERSIONS } from "../config/versions";
import { AIRFLOW_RESOURCE_ROLES, DAGS_DIR } from "../components/airflow";
import {
  PIPELINE_SECRET_ENTRY,
  SIGNING_KEY_ENTRY,
  PIPELINE_SECRET_NAME,
  PIPELINE_VARIABLE_KEYS,
} from "../components/airflow-dags/pipeline-variable";
import { MLFLOW_IMAGE_DIR } from "../components/mlflow";
import { MLFLOW_NODE_PORT, MLFLOW_PORT } from "../components/mlflow-pod";
import { POSTGRESQL_PORT } from "../components/network";
import { bucketName, cloudLabels } from "../naming";
import { mockLoadBalancerIp, mockYandexId } from "../testing/mock-outputs";
import { OFFLINE_SECRET_CONFIG, type CaptureResult, type StackName } from "../testing/capture";
import * as yandex from "../yandex";
import { at, captureBoth, configOf, ofType, one, tokenOf } from "./helpers";

let captured: Record<StackName, CaptureResult>;
beforeAll(async () => {
  captured = await captureBoth();
}, 120_000);

const T = {
  airflow: tokenOf(yandex.AirflowCluster),
  object: tokenOf(yandex.StorageObject),
  secret: tokenOf(yandex.LockboxSecret),
  secretVersion: tokenOf(yandex.LockboxSecretVersion),
  secretBinding: tokenOf(yandex.LockboxSecretIamBinding),
  dataprocBinding: tokenOf(yandex.DataprocClusterIamBinding),
  kmsBinding: tokenOf(yandex.KmsSymmetricKeyIamBinding),
  bucketBinding: tokenOf(yandex.StorageBucketIamBinding),
  member: tokenOf(yandex.ResourcemanagerFolderIamMember),
  sg: tokenOf(yandex.VpcSecurityGroup),
  subnet: tokenOf(yandex.VpcSubnet),
  pg: tokenOf(yandex.MdbPostgresqlCluster),
  pgUser: tokenOf(yandex.MdbPostgresqlUser),
  pgDatabase: tokenOf(yandex.MdbPostgresqlDatabase),
  deployment: tokenOf(k8s.apps.v1.Deployment),
  service: tokenOf(k8s.core.v1.Service),
  k8sSecret: tokenOf(k8s.core.v1.Secret),
  namespace: tokenOf(k8s.core.v1.Namespace),
  networkPolicy: tokenOf(k8s.networking.v1.NetworkPolicy),
  pdb: tokenOf(k8s.policy.v1.PodDisruptionBudget),
  image: tokenOf(dockerBuild.Image),
};

const airflowMember = `serviceAccount:${mockYandexId("aje", "identity-airflow")}`;
const sparkMember = `serviceAccount:${mockYandexId("aje", "identity-sparkAgent")}`;
/** What the Variable and the `mlflowInternalUrl` output must hold: the internal load balancer's address. */
const mlflowLbUrl = `http://${mockLoadBalancerIp("mlflow-internal-service")}:${MLFLOW_PORT}`;

/** Every file under the DAG folder but byte-code caches, found independently of the program's walker. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return entry === "__pycache__" ? [] : filesUnder(full);
    return entry.endsWith(".pyc") ? [] : [full];
  });
}

describe.each(["dev", "prod"] as const)("%s stack: Airflow, PostgreSQL and MLflow", (stack) => {
  const config = configOf(stack);
  const resources = () => captured[stack].resources;
  const bucket = (purpose: string) => bucketName(stack, purpose, config.yandex.folderId);
  const subnetIds = (tier: string) =>
    ofType(resources(), T.subnet)
      .filter((s) => s.name.startsWith(`network-${tier}-`))
      .map((s) => mockYandexId("e9b", s.name));
  const cluster = () => one(resources(), T.airflow, "airflow-cluster");
  /** Subnet CIDRs of the tiers, each in the order of the zones (independently of the program's list). */
  const cidrsOf = (...tiers: string[]): string[] =>
    tiers.flatMap((tier) =>
      config.zones.flatMap(
        (zone) => one(resources(), T.subnet, `network-${tier}-${zone}`).inputs.v4CidrBlocks as string[],
      ),
    );
  /** Managed Airflow (data tier) and Data Processing (Spark tier): the pipelines outside the cluster. */
  const pipelineCidrs = () => cidrsOf("data", "spark");

  it("runs Airflow at the pinned version in the private data subnets, sized from config", () => {
    const a = cluster().inputs;
    const c = config.airflow;
    expect(a).toMatchObject({
      airflowVersion: AIRFLOW_VERSION,
      serviceAccountId: mockYandexId("aje", "identity-airflow"),
      securityGroupIds: [mockYandexId("enp", "network-sg-airflow")],
      webserver: { count: c.webserver.count, resourcePresetId: c.webserver.preset },
      scheduler: { count: c.scheduler.count, resourcePresetId: c.scheduler.preset },
      worker: { minCount: c.worker.minCount, maxCount: c.worker.maxCount, resourcePresetId: c.worker.preset },
      lockboxSecretsBackend: { enabled: true },
      airflowConfig: { antifraud: { retrain_schedule: c.retrainSchedule } },
      codeSync: { s3: { bucket: bucket("airflow") } },
      deletionProtection: stack === "prod",
      labels: cloudLabels(stack, "airflow"),
    });
    expect([...(a.subnetIds as string[])].sort()).toEqual(subnetIds("data").sort());
    expect(AIRFLOW_VERSION).toBe("2.10");
    expect(c.retrainSchedule).toBe("@weekly");
  });

  it("keeps the admin password generated and secret", () => {
    expect(cluster().secretInputPaths).toContain("adminPassword");
    expect(cluster().inputs.adminPassword).toMatch(/^[A-Za-z0-9]{24}$/);
    expect(captured[stack].secretOutputs).toContain("airflowAdminPassword");
  });

  it("gives Airflow's account its one folder role and every other role on the one resource", () => {
    const folder = ofType(resources(), T.member).filter((m) => m.inputs.member === airflowMember);
    expect(folder.map((m) => m.inputs.role)).toEqual(["managed-airflow.integrationProvider"]);
    const granted = (type: string) =>
      ofType(resources(), type)
        .filter((b) => (b.inputs.members as string[]).includes(airflowMember))
        .map((b) => [
          b.inputs.role,
          b.inputs.clusterId ?? b.inputs.secretId ?? b.inputs.symmetricKeyId ?? b.inputs.bucket,
        ]);
    expect(granted(T.dataprocBinding)).toEqual([
      [AIRFLOW_RESOURCE_ROLES.dataprocCluster, mockYandexId("c9q", "spark-cluster")],
    ]);
    expect(granted(T.secretBinding)).toEqual([
      [AIRFLOW_RESOURCE_ROLES.pipelineSecret, mockYandexId("e6q", "airflow-pipeline-secret")],
    ]);
    expect(granted(T.kmsBinding)).toEqual([["kms.keys.decrypter", mockYandexId("abj", "storage-kms")]]);
    expect(granted(T.bucketBinding)).toEqual([["storage.viewer", bucket("airflow")]]);
    // Each binding holds Airflow alone: authoritative per role on resources the program owns.
    for (const b of ofType(resources(), T.dataprocBinding)) expect(b.inputs.members).toEqual([airflowMember]);
    expect(one(resources(), T.secretBinding, "airflow-pipeline-secret-viewer").inputs.members).toEqual([
      airflowMember,
    ]);
    const everyRole = JSON.stringify(resources().map((r) => r.inputs.role));
    expect(everyRole).not.toContain("iam.serviceAccounts.user");
    expect(everyRole).not.toContain("dataproc.admin");
  });

  it("keeps the model signing key in its own Lockbox secret that only the Data Processing account reads", () => {
    expect(one(resources(), T.secret, "airflow-signing-key-secret").inputs).toMatchObject({
      kmsKeyId: mockYandexId("abj", "storage-kms"),
      deletionProtection: stack === "prod",
    });
    const version = one(resources(), T.secretVersion, "airflow-signing-key-secret-version");
    expect(version.secretInputPaths).toContain("entries");
    const entries = version.inputs.entries as Array<{ key: string; textValue: string }>;
    expect(entries.map((e) => e.key)).toEqual([SIGNING_KEY_ENTRY]);
    expect(entries[0]!.textValue).toBe(captured[stack].outputs.modelSigningKey);
    expect(entries[0]!.textValue).toContain("PRIVATE KEY");
    expect(one(resources(), T.secretBinding, "airflow-signing-key-reader").inputs).toMatchObject({
      secretId: mockYandexId("e6q", "airflow-signing-key-secret"),
      role: AIRFLOW_RESOURCE_ROLES.signingKeySecret,
      members: [sparkMember],
    });
  });

  it("creates the cluster after its grants, its DAGs and its settings", () => {
    const urnOf = (type: string, name: string) => one(resources(), type, name).urn;
    const needed = [
      urnOf(T.member, "identity-airflow-managed-airflow.integrationProvider"),
      urnOf(T.kmsBinding, "storage-kms-kms.keys.decrypter"),
      urnOf(T.bucketBinding, "storage-airflow-storage.viewer"),
      urnOf(T.dataprocBinding, "airflow-dataproc-editor"),
      urnOf(T.secretBinding, "airflow-pipeline-secret-viewer"),
      urnOf(T.secretVersion, "airflow-pipeline-secret-version"),
      ...ofType(resources(), T.object)
        .filter((o) => o.name.startsWith("airflow-"))
        .map((o) => o.urn),
    ];
    expect(cluster().dependencies).toEqual(expect.arrayContaining(needed));
  });

  it("uploads every file of services/pipelines/dags under dags/, each with the sha256 of its bytes", () => {
    const files = filesUnder(DAGS_DIR);
    expect(files.length).toBeGreaterThan(0);
    const objects = ofType(resources(), T.object).filter((o) => o.name.startsWith("airflow-"));
    expect(objects.map((o) => o.inputs.key as string).sort()).toEqual(
      files.map((f) => `dags/${path.relative(DAGS_DIR, f).split(path.sep).join("/")}`).sort(),
    );
    for (const o of objects) {
      expect(o.inputs).toMatchObject({
        bucket: bucket("airflow"),
        sourceHash: createHash("sha256")
          .update(readFileSync(o.inputs.source as string))
          .digest("hex"),
        tags: cloudLabels(stack, "airflow"),
      });
      expect(o.secretInputPaths).toEqual(expect.arrayContaining(["accessKey", "secretKey"]));
      expect(o.inputs).not.toHaveProperty("acl");
    }
  });

  it("puts the pipelines' settings in one KMS-encrypted Lockbox secret, the payload secret, with the exact key set", () => {
    const secret = one(resources(), T.secret, "airflow-pipeline-secret").inputs;
    expect(secret).toMatchObject({
      name: PIPELINE_SECRET_NAME,
      kmsKeyId: mockYandexId("abj", "storage-kms"),
      deletionProtection: stack === "prod",
    });
    const version = one(resources(), T.secretVersion, "airflow-pipeline-secret-version");
    expect(version.inputs.secretId).toBe(mockYandexId("e6q", "airflow-pipeline-secret"));
    expect(version.secretInputPaths).toContain("entries");
    const entries = version.inputs.entries as Array<{ key: string; textValue: string }>;
    expect(entries.map((e) => e.key)).toEqual([PIPELINE_SECRET_ENTRY]);
    const payload = JSON.parse(entries[0]!.textValue) as Record<string, string> & {
      spark_properties: Record<"etl" | "training", Record<string, string>>;
    };
    expect(Object.keys(payload).sort()).toEqual([...PIPELINE_VARIABLE_KEYS].sort());
    // Airflow's workers and the Spark jobs are outside the cluster: the internal load balancer's address.
    expect(payload.mlflow_tracking_uri).toBe(mlflowLbUrl);
    expect(payload.mlflow_tracking_uri).toBe(captured[stack].outputs.mlflowInternalUrl);
    expect(payload).toEqual({
      runner: "dataproc",
      dataproc_cluster_id: mockYandexId("c9q", "spark-cluster"),
      raw_uri: `s3a://${bucket("raw")}/`,
      clean_uri: `s3a://${bucket("clean")}/clean`,
      features_uri: `s3a://${bucket("clean")}/features`,
      models_uri: `s3a://${bucket("models")}/`,
      work_uri: `s3a://${bucket("clean")}/runs`,
      jobs_uri: `s3a://${bucket("spark")}/jobs/`,
      mlflow_tracking_uri: mlflowLbUrl,
      // Each job is submitted with its sized profile: the same values as the stack output.
      spark_properties: captured[stack].outputs.sparkJobProperties,
      signing_key_secret_id: mockYandexId("e6q", "airflow-signing-key-secret"),
    });
    expect(payload.spark_properties.training["spark.dynamicAllocation.enabled"]).toBe("false");
    // jobs_uri is where the Spark component put the entry file and the package the DAGs submit.
    const sparkKeys = ofType(resources(), T.object)
      .filter((o) => o.inputs.bucket === bucket("spark"))
      .map((o) => `s3a://${bucket("spark")}/${o.inputs.key as string}`);
    expect(sparkKeys).toEqual(
      expect.arrayContaining([
        `${payload.jobs_uri}spark_entry.py`,
        `${payload.jobs_uri}antifraud_training.zip`,
      ]),
    );
  });

  it("runs PostgreSQL on private hosts spread over the zones, behind its own security group", () => {
    const p = config.mlflow.postgresql;
    const pg = one(resources(), T.pg, "postgresql-cluster").inputs;
    expect(POSTGRESQL_VERSIONS.values).toContain(at(pg, "config.version"));
    expect(pg).toMatchObject({
      environment: stack === "prod" ? "PRODUCTION" : "PRESTABLE",
      securityGroupIds: [mockYandexId("enp", "network-sg-postgresql")],
      deletionProtection: stack === "prod",
      config: {
        version: p.version,
        resources: { resourcePresetId: p.preset, diskSize: p.diskGb, diskTypeId: p.diskType },
        access: { webSql: false, dataLens: false },
      },
    });
    const data = subnetIds("data");
    expect(
      (pg.hosts as Array<Record<string, unknown>>).map((h) => [h.zone, h.subnetId, h.assignPublicIp]),
    ).toEqual(
      Array.from({ length: p.hosts }, (_, i) => [
        config.zones[i % config.zones.length],
        data[i % data.length],
        false,
      ]),
    );
    if (stack === "prod") expect(p.hosts).toBeGreaterThanOrEqual(2);
    const k8sCidrs = ofType(resources(), T.subnet)
      .filter((s) => s.name.startsWith("network-k8s-"))
      .map((s) => (s.inputs.v4CidrBlocks as string[])[0]);
    expect(one(resources(), T.sg, "network-sg-postgresql").inputs.ingresses).toEqual([
      expect.objectContaining({ protocol: "TCP", port: POSTGRESQL_PORT, v4CidrBlocks: k8sCidrs }),
    ]);
  });

  it("creates MLflow's database owned by its user, the password a secret", () => {
    const clusterId = mockYandexId("c9q", "postgresql-cluster");
    const user = one(resources(), T.pgUser, "postgresql-user");
    expect(user.inputs).toMatchObject({ clusterId, name: "mlflow" });
    expect(user.secretInputPaths).toContain("password");
    const db = one(resources(), T.pgDatabase, "postgresql-database");
    expect(db.inputs).toEqual({ clusterId, name: "mlflow", owner: "mlflow" });
    expect(db.dependencies).toContain(user.urn);
  });

  it("runs the MLflow server from its own image, by digest, with the backend and bucket keys from Secrets", () => {
    const image = one(resources(), T.image, "mlflow-image").inputs;
    expect(at(image, "dockerfile.location")).toBe(path.join(MLFLOW_IMAGE_DIR, "Dockerfile"));
    expect(image.push).toBe(true);
    const d = one(resources(), T.deployment, "mlflow-server").inputs;
    expect(at(d, "metadata.namespace")).toBe("mlflow");
    expect(at(d, "spec.replicas")).toBe(config.mlflow.replicas);
    const c = at(d, "spec.template.spec.containers[0]") as Record<string, unknown>;
    expect(c.image).toMatch(/^cr\.yandex\/crp[0-9a-f]{17}\/mlflow@sha256:[0-9a-f]{64}$/);
    expect(c.args).toEqual(
      expect.arrayContaining([
        "--backend-store-uri",
        "$(MLFLOW_BACKEND_STORE_URI)",
        "--artifacts-destination",
        `s3://${bucket("models")}/mlflow`,
      ]),
    );
    const env = c.env as Array<{ name: string; value?: string; valueFrom?: unknown }>;
    expect(env.filter((e) => e.valueFrom).map((e) => [e.name, at(e.valueFrom, "secretKeyRef.name")])).toEqual(
      [
        ["MLFLOW_BACKEND_STORE_URI", "mlflow-backend-store"],
        ["AWS_ACCESS_KEY_ID", "mlflow-storage"],
        ["AWS_SECRET_ACCESS_KEY", "mlflow-storage"],
      ],
    );
    expect(c.resources).toEqual({
      requests: { cpu: config.mlflow.resources.cpuRequest, memory: config.mlflow.resources.memoryRequest },
      limits: { cpu: config.mlflow.resources.cpuLimit, memory: config.mlflow.resources.memoryLimit },
    });
    const deps = one(resources(), T.deployment, "mlflow-server").dependencies;
    expect(deps).toEqual(
      expect.arrayContaining([
        one(resources(), T.pgDatabase, "postgresql-database").urn,
        one(resources(), T.bucketBinding, "storage-models-storage.uploader").urn,
      ]),
    );
  });

  it("connects MLflow to PostgreSQL over verified TLS and stores artifacts with keys granted on the models bucket", () => {
    const backend = one(resources(), T.k8sSecret, "mlflow-backend-store");
    expect(backend.secretInputPaths).toContain("stringData");
    const password = one(resources(), T.pgUser, "postgresql-user").inputs.password as string;
    expect(at(backend.inputs, "stringData.MLFLOW_BACKEND_STORE_URI")).toBe(
      `postgresql://mlflow:${password}@c-${mockYandexId("c9q", "postgresql-cluster")}.rw.mdb.yandexcloud.net:6432/mlflow` +
        "?sslmode=verify-full&sslrootcert=/etc/mlflow/tls/ca.pem",
    );
    expect(at(one(resources(), T.k8sSecret, "mlflow-managed-services-ca").inputs, "stringData")).toEqual({
      "ca.pem": OFFLINE_SECRET_CONFIG["antifraud:managedServicesCaPem"],
    });
    expect(one(resources(), T.k8sSecret, "mlflow-storage").secretInputPaths).toContain("stringData");
    const mlflowMember = `serviceAccount:${mockYandexId("aje", "identity-mlflow")}`;
    const onModels = ofType(resources(), T.bucketBinding)
      .filter((b) => (b.inputs.members as string[]).includes(mlflowMember))
      .map((b) => [b.inputs.bucket, b.inputs.role])
      .sort();
    expect(onModels).toEqual([
      [bucket("models"), "storage.uploader"],
      [bucket("models"), "storage.viewer"],
    ]);
    expect(ofType(resources(), T.member).filter((m) => m.inputs.member === mlflowMember)).toEqual([]);
  });

  it("keeps the ClusterIP Service for the cluster and port-forward", () => {
    const svc = one(resources(), T.service, "mlflow-service").inputs;
    expect(at(svc, "metadata.name")).toBe("mlflow");
    expect(at(svc, "spec.type")).toBe("ClusterIP");
    expect(at(svc, "spec.ports")).toEqual([
      { name: "http", port: MLFLOW_PORT, targetPort: "http", protocol: "TCP" },
    ]);
    const ns = one(resources(), T.namespace, "mlflow-namespace").inputs;
    expect(at(ns, "metadata.labels")).toMatchObject({ "pod-security.kubernetes.io/enforce": "restricted" });
  });

  it("reaches MLflow from the pipeline subnets through an internal load balancer limited to them", () => {
    const svc = one(resources(), T.service, "mlflow-internal-service");
    expect(at(svc.inputs, "metadata")).toMatchObject({ name: "mlflow-internal", namespace: "mlflow" });
    expect(at(svc.inputs, "metadata.annotations")).toEqual({
      "yandex.cloud/load-balancer-type": "internal",
      "yandex.cloud/subnet-id": mockYandexId("e9b", `network-k8s-${config.zones[0]}`),
    });
    expect(at(svc.inputs, "spec.type")).toBe("LoadBalancer");
    expect(at(svc.inputs, "spec.externalTrafficPolicy")).toBe("Local");
    expect(at(svc.inputs, "spec.loadBalancerSourceRanges")).toEqual(pipelineCidrs());
    expect(pipelineCidrs()).toHaveLength(2 * config.zones.length);
    expect(at(svc.inputs, "spec.selector")).toEqual(
      at(one(resources(), T.deployment, "mlflow-server").inputs, "spec.selector.matchLabels"),
    );
    expect(at(svc.inputs, "spec.ports")).toEqual([
      { name: "http", port: MLFLOW_PORT, targetPort: "http", nodePort: MLFLOW_NODE_PORT, protocol: "TCP" },
    ]);
    // Exactly these two Services in the namespace: no NodePort, no public load balancer.
    const inMlflow = ofType(resources(), T.service).filter(
      (s) => at(s.inputs, "metadata.namespace") === "mlflow",
    );
    expect(inMlflow.map((s) => [s.name, at(s.inputs, "spec.type")]).sort()).toEqual([
      ["mlflow-internal-service", "LoadBalancer"],
      ["mlflow-service", "ClusterIP"],
    ]);
  });

  it("admits the pipeline subnets to the load balancer's node port on the nodes, and nothing else to it", () => {
    const ingresses = one(resources(), T.sg, "network-sg-k8s-nodes").inputs.ingresses as Array<
      Record<string, unknown>
    >;
    expect(ingresses.filter((r) => r.port === MLFLOW_NODE_PORT)).toEqual([
      {
        protocol: "TCP",
        port: MLFLOW_NODE_PORT,
        description: "MLflow behind its internal load balancer, from the Airflow and Data Processing subnets",
        v4CidrBlocks: pipelineCidrs(),
      },
    ]);
    expect(MLFLOW_NODE_PORT).not.toBe(config.scoring.nodePort);
    expect(MLFLOW_NODE_PORT).not.toBe(config.monitoring.grafanaNodePort);
  });

  it("denies all traffic in the mlflow namespace but the server's port from the nodes and the pipeline subnets", () => {
    const inMlflow = (type: string) =>
      ofType(resources(), type).filter((r) => at(r.inputs, "metadata.namespace") === "mlflow");
    const policies = inMlflow(T.networkPolicy);
    expect(policies.map((p) => at(p.inputs, "metadata.name")).sort()).toEqual([
      "allow-mlflow",
      "default-deny",
    ]);
    const spec = (n: string) => at(policies.find((p) => at(p.inputs, "metadata.name") === n)?.inputs, "spec");
    expect(spec("default-deny")).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    const allow = spec("allow-mlflow") as {
      ingress: Array<{ from: unknown[]; ports: Array<{ port: number }> }>;
      egress: Array<{ ports: Array<{ port: number }> }>;
    };
    const peers = (list: string[]) => list.map((cidr) => ({ ipBlock: { cidr } }));
    expect(allow.ingress).toEqual([
      { from: peers(cidrsOf("k8s")), ports: [{ protocol: "TCP", port: MLFLOW_PORT }] },
      { from: peers(pipelineCidrs()), ports: [{ protocol: "TCP", port: MLFLOW_PORT }] },
    ]);
    expect(allow.egress.map((r) => r.ports.map((p) => p.port))).toEqual([[53, 53], [6432], [443]]);
    expect(JSON.stringify(policies.map((p) => p.inputs))).not.toContain("0.0.0.0/0");
    expect(inMlflow(T.pdb).map((p) => at(p.inputs, "spec.maxUnavailable"))).toEqual(
      config.mlflow.replicas >= 2 ? [1] : [],
    );
  });

  it("exports the in-cluster URL and the internal load balancer's URL", () => {
    expect(captured[stack].outputs.mlflowUrl).toBe("http://mlflow.mlflow.svc.cluster.local:5000");
    expect(captured[stack].outputs.mlflowInternalUrl).toBe(mlflowLbUrl);
    expect(mlflowLbUrl).toMatch(/^http:\/\/\d+\.\d+\.\d+\.\d+:5000$/);
  });

  it("builds exactly the Airflow and PostgreSQL sizes the cost estimate prices", () => {
    const cost = costInputsFromConfig(config);
    const a = cluster().inputs as Record<string, Record<string, unknown>>;
    expect({
      webserver: {
        presetId: a.webserver!.resourcePresetId,
        countMin: a.webserver!.count,
        countMax: a.webserver!.count,
      },
      scheduler: {
        presetId: a.scheduler!.resourcePresetId,
        countMin: a.scheduler!.count,
        countMax: a.scheduler!.count,
      },
      worker: {
        presetId: a.worker!.resourcePresetId,
        countMin: a.worker!.minCount,
        countMax: a.worker!.maxCount,
      },
    }).toEqual(cost.airflow);
    const pg = one(resources(), T.pg, "postgresql-cluster").inputs;
    expect({
      resourcePresetId: at(pg, "config.resources.resourcePresetId"),
      hosts: (pg.hosts as unknown[]).length,
      disk: { type: at(pg, "config.resources.diskTypeId"), sizeGb: at(pg, "config.resources.diskSize") },
    }).toEqual(cost.postgresql);
    const report = captured[stack].outputs.costEstimate as {
      components: Array<{ component: string; max: number }>;
    };
    expect(report.components.map((c) => c.component)).toEqual(
      expect.arrayContaining(["airflow", "postgresql"]),
    );
    for (const c of report.components.filter((x) => ["airflow", "postgresql"].includes(x.component)))
      expect(c.max).toBeGreaterThan(0);
  });
});
