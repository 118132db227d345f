import fc from "fast-check";
import {
  BUCKET_NAME_PATTERN,
  bucketName,
  cloudLabels,
  k8sName,
  MAX_NAME_LENGTH,
  NAME_PATTERN,
  resourceName,
  slug,
} from "../naming";

describe("naming", () => {
  it.each([
    [["dev", "kafka"], "antifraud-dev-kafka"],
    [["prod", "nodes", "ru-central1-a"], "antifraud-prod-nodes-ru-central1-a"],
    [["dev", "k8sCluster"], "antifraud-dev-k8scluster"],
    [["Dev_Stack", "sg", "k8s master"], "antifraud-dev-stack-sg-k8s-master"],
  ])("resourceName(%j) = %s", (parts, expected) => {
    const [stack, ...rest] = parts as [string, ...string[]];
    expect(resourceName(stack, ...rest)).toBe(expected);
  });

  it("cuts long names to 63 characters with a hash that keeps them distinct", () => {
    const a = resourceName("prod", "x".repeat(80), "a");
    const b = resourceName("prod", "x".repeat(80), "b");
    expect(a).toHaveLength(MAX_NAME_LENGTH);
    expect(a).not.toBe(b);
    expect(a.startsWith("antifraud-prod-xxxx")).toBe(true);
  });

  it.each([
    ["dev", "raw", "b1gexamplefolderdev0", "antifraud-dev-raw-b1gexamplefolderdev0"],
    ["prod", "models", "b1gexamplefolderprd0", "antifraud-prod-models-b1gexamplefolderprd0"],
  ])("bucketName(%s, %s, %s) = %s", (stack, purpose, folder, expected) => {
    expect(bucketName(stack, purpose, folder)).toBe(expected);
  });

  it("rejects names without any usable character", () => {
    expect(() => k8sName("--", "")).toThrow("a name needs at least one non-empty part");
  });

  it("labels every resource with project, environment, owner, stack and component", () => {
    expect(cloudLabels("Prod", "Kafka")).toEqual({
      project: "antifraud",
      environment: "prod",
      owner: "antifraud-platform",
      stack: "prod",
      component: "kafka",
      "managed-by": "pulumi",
    });
  });

  const part = fc.string({ minLength: 0, maxLength: 40 });
  const usable = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => slug(s).length > 0);

  it("always yields valid, deterministic names of at most 63 characters", () => {
    fc.assert(
      fc.property(usable, fc.array(part, { maxLength: 5 }), (stack, parts) => {
        const name = resourceName(stack, ...parts);
        expect(name).toMatch(NAME_PATTERN);
        expect(name.length).toBeLessThanOrEqual(MAX_NAME_LENGTH);
        expect(resourceName(stack, ...parts)).toBe(name);
      }),
    );
  });

  it("always yields valid bucket and Kubernetes names", () => {
    fc.assert(
      fc.property(usable, usable, fc.stringMatching(/^[a-z0-9]{20}$/), (stack, purpose, folder) => {
        expect(bucketName(stack, purpose, folder)).toMatch(BUCKET_NAME_PATTERN);
        expect(k8sName(purpose, stack)).toMatch(NAME_PATTERN);
      }),
    );
  });

  it("keeps distinct short inputs distinct", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z][a-z0-9]{0,20}$/),
        fc.stringMatching(/^[a-z][a-z0-9]{0,20}$/),
        (a, b) => {
          fc.pre(a !== b);
          expect(resourceName("dev", a)).not.toBe(resourceName("dev", b));
        },
      ),
    );
  });
});
