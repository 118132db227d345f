import { buildModel } from "../../yandex/model";
import { checkInputs, UNKNOWN_VALUE, validateYandexInputs } from "../../yandex/schema-check";
import type { SchemaSubset } from "../../yandex/terraform-schema";

const subset: SchemaSubset = {
  comment: "test",
  provider: "registry.opentofu.org/yandex-cloud/yandex",
  version: "0.0.0",
  extractedFrom: "test",
  resource_schemas: {
    yandex_box: {
      version: 0,
      block: {
        attributes: {
          name: { type: "string", required: true },
          size: { type: "number", optional: true },
          on: { type: "bool", optional: true },
          labels: { type: ["map", "string"], optional: true },
          zones: { type: ["list", "string"], optional: true },
          password: { type: "string", optional: true, sensitive: true },
          status: { type: "string", computed: true },
          legacy: { type: "string", optional: true, deprecated: true },
        },
        block_types: {
          spec: {
            nesting_mode: "list",
            min_items: 1,
            max_items: 1,
            block: {
              attributes: {
                zone: { type: "string", required: true },
                key: { type: "string", optional: true, sensitive: true },
              },
              block_types: {
                part: {
                  nesting_mode: "list",
                  max_items: 2,
                  block: { attributes: { id: { type: "string", required: true } } },
                },
              },
            },
          },
        },
      },
    },
  },
};
const [box] = buildModel(subset);
const valid = { name: "b", spec: { zone: "a" } };
const check = (inputs: Record<string, unknown>, secretInputPaths: string[] = []) =>
  checkInputs(box!, { type: "yandex:index/box:Box", inputs, secretInputPaths }).sort();

describe("checkInputs against a provider schema", () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ["minimal valid inputs", valid, []],
    [
      "every field, nested two levels",
      {
        ...valid,
        size: 2,
        on: true,
        labels: { team: "fraud" },
        zones: ["a"],
        spec: { zone: "a", parts: [{ id: "p" }] },
      },
      [],
    ],
    ["absent values count as not given", { ...valid, size: undefined, labels: null }, []],
    ["a value not known yet passes", { ...valid, size: UNKNOWN_VALUE }, []],
    ["missing required attribute", { spec: { zone: "a" } }, ["missing required input 'name'"]],
    ["missing required block", { name: "b" }, ["missing required block 'spec'"]],
    ["missing required nested attribute", { name: "b", spec: {} }, ["missing required input 'spec.zone'"]],
    ["unknown attribute", { ...valid, colour: "red" }, ["unknown input property 'colour'"]],
    [
      "Terraform's name instead of Pulumi's",
      { ...valid, spec: { zone: "a", part: [{ id: "p" }] } },
      ["unknown input property 'spec.part'"],
    ],
    [
      "a computed-only attribute set",
      { ...valid, status: "RUNNING" },
      ["'status' is computed by the provider and cannot be set"],
    ],
    ["a deprecated attribute", { ...valid, legacy: "x" }, ["'legacy' is deprecated by the provider"]],
    [
      "too many items in a repeated block",
      { ...valid, spec: { zone: "a", parts: [{ id: "1" }, { id: "2" }, { id: "3" }] } },
      ["'spec.parts' takes at most 2 item(s), got 3"],
    ],
    [
      "a single block given as a list",
      { ...valid, spec: [{ zone: "a" }] },
      ["'spec' is a single block (at most one) and must be an object, got an array"],
    ],
    [
      "a repeated block given as an object",
      { ...valid, spec: { zone: "a", parts: { id: "p" } } },
      ["'spec.parts' is a repeatable block and must be an array, got an object"],
    ],
    [
      "wrong value types",
      { name: 1, size: "2", on: "yes", labels: { a: 1 }, zones: "a", spec: { zone: "a" } },
      [
        "'labels.a' must be a string, got a number",
        "'name' must be a string, got a number",
        "'on' must be a boolean, got a string",
        "'size' must be a number, got a string",
        "'zones' must be an array, got a string",
      ],
    ],
  ])("%s", (_title, inputs, expected) => {
    expect(check(inputs)).toEqual([...expected].sort());
  });

  it("requires sensitive arguments, nested ones too, to arrive as secrets", () => {
    const inputs = { ...valid, password: "pw", spec: { zone: "a", key: "k" } };
    expect(check(inputs)).toEqual([
      "'password' is sensitive and must be passed as a secret (pulumi.secret)",
      "'spec.key' is sensitive and must be passed as a secret (pulumi.secret)",
    ]);
    expect(check(inputs, ["password", "spec"])).toEqual([]);
    expect(check(inputs, ["password", "spec.key"])).toEqual([]);
  });

  it("checks plugin-framework nested attributes like objects: required fields, unknown names, arrays refused", () => {
    const airflow = (codeSync: unknown) =>
      validateYandexInputs({
        type: "yandex:index/airflowCluster:AirflowCluster",
        inputs: {
          name: "a",
          serviceAccountId: "aje1",
          subnetIds: ["e9b1"],
          codeSync,
          webserver: { count: 1, resourcePresetId: "c1-m4" },
          scheduler: { count: 1, resourcePresetId: "c1-m4" },
          worker: { minCount: 1, maxCount: 1, resourcePresetId: "c1-m4" },
        },
        secretInputPaths: ["codeSync"],
      });
    expect(airflow({ s3: { bucket: "dags" } })).toEqual([]);
    expect(airflow({ s3: {} })).toEqual(["missing required input 'codeSync.s3.bucket'"]);
    expect(airflow({ s3: { bucket: "dags", prefix: "x" } })).toEqual([
      "unknown input property 'codeSync.s3.prefix'",
    ]);
    expect(airflow([{ s3: { bucket: "dags" } }])).toEqual(["'codeSync' must be an object, got an array"]);
  });

  it("rejects a token the committed schema does not know", () => {
    expect(
      validateYandexInputs({ type: "yandex:index/nope:Nope", inputs: {}, secretInputPaths: [] }),
    ).toEqual(["unknown resource token 'yandex:index/nope:Nope'"]);
  });
});
