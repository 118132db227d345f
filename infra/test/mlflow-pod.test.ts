import {
  BACKEND_STORE_ENV,
  backendStoreUri,
  MLFLOW_CA_FILE,
  MLFLOW_NODE_PORT,
  mlflowInternalUrl,
  mlflowPodTemplate,
  mlflowTrackingUrl,
  serverArgs,
} from "../components/mlflow-pod";

describe("mlflowTrackingUrl", () => {
  it.each([
    [[], "http://mlflow.mlflow.svc.cluster.local:5000"],
    [["tracking", "ml", 8080], "http://ml.tracking.svc.cluster.local:8080"],
  ] as const)("%j -> %s", (args, url) => {
    expect(mlflowTrackingUrl(...(args as unknown as [string?, string?, number?]))).toBe(url);
  });
});

describe("mlflowInternalUrl", () => {
  it.each([
    [["10.128.0.33"], "http://10.128.0.33:5000"],
    [["10.128.0.33", 8080], "http://10.128.0.33:8080"],
  ] as const)("%j -> %s", (args, url) => {
    expect(mlflowInternalUrl(...(args as unknown as [string, number?]))).toBe(url);
  });

  it("puts the load balancer on a fixed port in the NodePort range", () => {
    expect(MLFLOW_NODE_PORT).toBeGreaterThanOrEqual(30000);
    expect(MLFLOW_NODE_PORT).toBeLessThanOrEqual(32767);
  });
});

describe("backendStoreUri", () => {
  const store = {
    user: "mlflow",
    password: "pw",
    host: "c-abc.rw.mdb.yandexcloud.net",
    port: 6432,
    database: "mlflow",
  };

  it("verifies the server's certificate against the mounted CA", () => {
    expect(backendStoreUri(store)).toBe(
      `postgresql://mlflow:pw@c-abc.rw.mdb.yandexcloud.net:6432/mlflow?sslmode=verify-full&sslrootcert=${MLFLOW_CA_FILE}`,
    );
  });

  it("escapes credentials that are not URI-safe", () => {
    expect(backendStoreUri({ ...store, user: "a@b", password: "p:w/d?" }, "/ca.pem")).toBe(
      "postgresql://a%40b:p%3Aw%2Fd%3F@c-abc.rw.mdb.yandexcloud.net:6432/mlflow?sslmode=verify-full&sslrootcert=/ca.pem",
    );
  });
});

describe("MLflow pod", () => {
  const template = mlflowPodTemplate({
    image: "cr.yandex/crp1/mlflow@sha256:0",
    artifactsDestination: "s3://models/mlflow",
    env: [],
    resources: { cpuRequest: "250m", cpuLimit: "1", memoryRequest: "512Mi", memoryLimit: "1Gi" },
    caSecretName: "mlflow-managed-services-ca",
  });
  const container = (template.spec as { containers: unknown }).containers as Array<Record<string, unknown>>;

  it("reads the backend store from the environment, never from a literal argument", () => {
    const args = serverArgs("s3://models/mlflow");
    expect(args.slice(args.indexOf("--backend-store-uri"), args.indexOf("--backend-store-uri") + 2)).toEqual([
      "--backend-store-uri",
      `$(${BACKEND_STORE_ENV})`,
    ]);
    expect(args).toEqual(
      expect.arrayContaining(["--artifacts-destination", "s3://models/mlflow", "--serve-artifacts"]),
    );
    expect(container[0]?.args).toEqual(args);
  });

  it("runs hardened: non-root, read-only root with a /tmp volume, no token, probes on /health", () => {
    expect(template.spec).toMatchObject({
      automountServiceAccountToken: false,
      securityContext: { runAsNonRoot: true, runAsUser: 1000 },
    });
    expect(container[0]).toMatchObject({
      securityContext: {
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ["ALL"] },
      },
      livenessProbe: { httpGet: { path: "/health", port: "http" } },
      readinessProbe: { httpGet: { path: "/health", port: "http" } },
      resources: { requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: "1", memory: "1Gi" } },
    });
    expect(container[0]?.volumeMounts).toEqual(expect.arrayContaining([{ name: "tmp", mountPath: "/tmp" }]));
  });
});
