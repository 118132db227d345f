import { validateInputsAgainstSchema } from "../../yandex";
import type { PackageSchema } from "../../yandex/schema-model";

const schema: PackageSchema = {
  provenance: {
    target: {
      terraformProvider: "registry.opentofu.org/x/y",
      terraformProviderVersion: "1.0.0",
      baseProvider: "terraform-provider",
      baseProviderVersion: "1.1.0",
    },
  },
  resources: {
    Box: {
      token: "yandex:index/box:Box",
      inputProperties: {
        name: { type: "string" },
        size: { type: "integer" },
        ratio: { type: "number" },
        on: { type: "boolean" },
        labels: { type: "object", additionalProperties: { type: "string" } },
        parts: { type: "array", items: { $ref: "#/types/yandex:index/BoxPart:BoxPart" } },
        spec: { $ref: "#/types/yandex:index/BoxSpec:BoxSpec" },
      },
      requiredInputs: ["size", "spec"],
      outputProperties: { createdAt: { type: "string" } },
      requiredOutputs: [],
    },
  },
  types: {
    "yandex:index/BoxSpec:BoxSpec": {
      type: "object",
      properties: { zone: { type: "string" }, part: { $ref: "#/types/yandex:index/BoxPart:BoxPart" } },
      required: ["zone"],
    },
    "yandex:index/BoxPart:BoxPart": {
      type: "object",
      properties: { id: { type: "string" }, ports: { type: "array", items: { type: "integer" } } },
      required: ["id"],
    },
  },
};

const TOKEN = "yandex:index/box:Box";
const valid = { size: 1, spec: { zone: "a" } };

describe("validateInputsAgainstSchema (hand-made schema)", () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ["minimal valid inputs", valid, []],
    [
      "every field, nested two levels",
      {
        name: "n",
        size: 2,
        ratio: 0.5,
        on: true,
        labels: { team: "fraud" },
        parts: [{ id: "p1", ports: [80, 443] }],
        spec: { zone: "a", part: { id: "p2" } },
      },
      [],
    ],
    ["absent values count as not given", { ...valid, name: undefined, labels: null }, []],
    ["missing required top-level input", { spec: { zone: "a" } }, ["missing required input 'size'"]],
    ["missing required nested input", { size: 1, spec: {} }, ["missing required input 'spec.zone'"]],
    ["unknown top-level input", { ...valid, colour: "red" }, ["unknown input property 'colour'"]],
    [
      "unknown nested input",
      { ...valid, spec: { zone: "a", zoen: "b" } },
      ["unknown input property 'spec.zoen'"],
    ],
    [
      "unknown input two levels deep inside an array",
      { ...valid, parts: [{ id: "ok" }, { id: "x", port: 1 }] },
      ["unknown input property 'parts[1].port'"],
    ],
    [
      "missing required input inside a nested object of a nested object",
      { ...valid, spec: { zone: "a", part: {} } },
      ["missing required input 'spec.part.id'"],
    ],
    [
      "wrong JSON types",
      { size: 1.5, spec: "a", on: "yes", labels: { a: 1 }, parts: {}, ratio: "1" },
      [
        "'size' must be an integer, got 1.5",
        "'ratio' must be a number, got string",
        "'on' must be a boolean, got string",
        "'labels.a' must be a string, got number",
        "'parts' must be an array, got object",
        "'spec' must be an object, got string",
      ],
    ],
    [
      "values unknown during preview pass",
      { size: "04da6b54-80e4-46f7-96ec-b56ff0331ba9", spec: { zone: "a" } },
      [],
    ],
  ])("%s", (_title, inputs, expected) => {
    expect(validateInputsAgainstSchema(TOKEN, inputs, schema).sort()).toEqual([...expected].sort());
  });

  it("rejects a token the schema does not know", () => {
    expect(validateInputsAgainstSchema("yandex:index/nope:Nope", {}, schema)).toEqual([
      "unknown resource token 'yandex:index/nope:Nope'",
    ]);
  });
});

describe("validateInputsAgainstSchema (committed schema)", () => {
  it("accepts a NAT route through a gateway and flags the pre-0.13 typo", () => {
    const token = "yandex:index/vpcRouteTable:VpcRouteTable";
    expect(
      validateInputsAgainstSchema(token, {
        networkId: "n",
        staticRoutes: [{ destinationPrefix: "0.0.0.0/0", gatewayId: "g" }],
      }),
    ).toEqual([]);
    expect(validateInputsAgainstSchema(token, { networkId: "n", staticRoutes: [{ gateway: "g" }] })).toEqual([
      "unknown input property 'staticRoutes[0].gateway'",
    ]);
  });

  it("requires the Kafka user's password and knows its permission shape", () => {
    const token = "yandex:index/mdbKafkaUser:MdbKafkaUser";
    expect(
      validateInputsAgainstSchema(token, {
        clusterId: "c",
        name: "scorer",
        permissions: [{ topicName: "scores", role: "ACCESS_ROLE_PRODUCER" }],
      }),
    ).toEqual(["missing required input 'password'"]);
  });
});

describe("validateInputsAgainstSchema (secrets in the engine's wire form)", () => {
  const secret = (value: unknown): Record<string, unknown> => ({
    "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
    value,
  });

  it("checks a secret by its value, at the top level and as a whole nested block", () => {
    expect(
      validateInputsAgainstSchema(TOKEN, { size: secret(3), spec: secret({ zone: "a" }) }, schema),
    ).toEqual([]);
    expect(
      validateInputsAgainstSchema(TOKEN, { size: secret("3"), spec: secret({ zoen: "a" }) }, schema).sort(),
    ).toEqual(
      [
        "'size' must be an integer, got \"3\"",
        "missing required input 'spec.zone'",
        "unknown input property 'spec.zoen'",
      ].sort(),
    );
  });

  it("treats a secret wrapping nothing as a missing input", () => {
    expect(
      validateInputsAgainstSchema(TOKEN, { size: secret(undefined), spec: { zone: "a" } }, schema),
    ).toEqual(["missing required input 'size'"]);
  });
});
