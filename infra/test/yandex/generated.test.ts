import * as fs from "fs";
import * as path from "path";
import { generateBindings, REGENERATE_COMMAND } from "../../yandex/codegen";
import type { PackageSchema } from "../../yandex/schema-model";
import { loadSchema } from "../../yandex/schema-model";

const GENERATED = path.join(__dirname, "../../yandex/generated.ts");

describe("generated bindings", () => {
  it("match a fresh generation from schema.json (no drift)", () => {
    const committed = fs.readFileSync(GENERATED, "utf8");
    const fresh = generateBindings(loadSchema());
    if (committed !== fresh) {
      throw new Error(
        `infra/yandex/generated.ts is out of date with schema.json; run: ${REGENERATE_COMMAND}`,
      );
    }
  });

  it("are marked generated with the command that regenerates them", () => {
    const head = fs.readFileSync(GENERATED, "utf8").split("\n").slice(0, 3).join("\n");
    expect(head).toContain("GENERATED FILE - DO NOT EDIT");
    expect(head).toContain("npm run gen:yandex");
  });

  it("declare one class per schema resource and nothing else", () => {
    const schema = loadSchema();
    const classes = [...fs.readFileSync(GENERATED, "utf8").matchAll(/^export class (\w+) /gm)].map(
      (m) => m[1],
    );
    expect(classes.sort()).toEqual(Object.keys(schema.resources).sort());
  });
});

const tiny: PackageSchema = {
  provenance: {
    target: {
      terraformProvider: "registry.opentofu.org/x/y",
      terraformProviderVersion: "1.0.0",
      baseProvider: "terraform-provider",
      baseProviderVersion: "1.1.0",
    },
  },
  resources: {
    Thing: {
      token: "yandex:index/thing:Thing",
      inputProperties: {
        name: { type: "string" },
        size: { type: "integer" },
        token: { type: "string", secret: true },
        spec: { $ref: "#/types/yandex:index/ThingSpec:ThingSpec" },
        tags: { type: "object", additionalProperties: { type: "string" } },
      },
      requiredInputs: ["size"],
      outputProperties: {
        name: { type: "string" },
        size: { type: "integer" },
        token: { type: "string", secret: true },
        spec: { $ref: "#/types/yandex:index/ThingSpec:ThingSpec" },
        tags: { type: "object", additionalProperties: { type: "string" } },
        createdAt: { type: "string" },
      },
      requiredOutputs: ["createdAt", "size"],
    },
  },
  types: {
    "yandex:index/ThingSpec:ThingSpec": {
      type: "object",
      properties: {
        zones: { type: "array", items: { type: "string" } },
        key: { type: "string", secret: true },
      },
      required: ["zones"],
      requiredOutputs: ["zones"],
    },
  },
};

describe("code generator", () => {
  const text = generateBindings(tiny);

  it("types inputs as pulumi.Input with required and optional members from the schema", () => {
    expect(text).toContain("  readonly size: pulumi.Input<number>;");
    expect(text).toContain("  readonly name?: pulumi.Input<string>;");
    expect(text).toContain("  readonly tags?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;");
    expect(text).toContain("  zones: pulumi.Input<pulumi.Input<string>[]>;");
    expect(text).toContain("  readonly spec?: pulumi.Input<ThingSpecArgs>;");
  });

  it("types outputs from requiredOutputs and declares them without initialisers", () => {
    expect(text).toContain("  declare public readonly createdAt: pulumi.Output<string>;");
    expect(text).toContain("  declare public readonly name: pulumi.Output<string | undefined>;");
    expect(text).toContain("  readonly zones: string[];");
    expect(text).toContain("  readonly key?: string;");
    expect(text).toContain('    resourceInputs["createdAt"] = undefined;');
  });

  it("keeps the token, checks required inputs and marks secrets, nested ones by their top-level block", () => {
    expect(text).toContain('public static readonly __pulumiType = "yandex:index/thing:Thing";');
    expect(text).toContain("missing required property 'size'");
    expect(text).not.toContain("missing required property 'name'");
    expect(text).toContain(
      'resourceInputs["token"] = args?.token === undefined ? undefined : pulumi.secret(args.token);',
    );
    expect(text).toContain(
      'resourceInputs["spec"] = args?.spec === undefined ? undefined : pulumi.secret(args.spec);',
    );
    expect(text).toContain('resourceInputs["name"] = args?.name;');
    expect(text).toContain('additionalSecretOutputs: ["spec","token"]');
    expect(text).toContain("false, yandexPackageRef());");
  });

  it("refuses schemas whose names would collide or whose refs do not resolve", () => {
    const clash: PackageSchema = {
      ...tiny,
      types: { ...tiny.types, "yandex:index/Thing:Thing": { type: "object", properties: {} } },
    };
    expect(() => generateBindings(clash)).toThrow("generated name 'Thing' is claimed by both");
    const dangling: PackageSchema = { ...tiny, types: {} };
    expect(() => generateBindings(dangling)).toThrow(
      "unresolved $ref '#/types/yandex:index/ThingSpec:ThingSpec'",
    );
  });
});
