import * as fs from "node:fs";
import * as path from "node:path";
import { generateBindings, REGENERATE_COMMAND, summary } from "../../yandex/codegen";
import { DUMP_NAME } from "../../yandex/generate";
import { buildModel } from "../../yandex/model";
import provider from "../../yandex/provider.json";
import type { SchemaSubset } from "../../yandex/terraform-schema";
import { extractSubset, loadSchemaDump, loadSchemaSubset, subsetText } from "../../yandex/terraform-schema";

const GENERATED = path.join(__dirname, "../../yandex/generated.ts");
const SUBSET = path.join(__dirname, "../../yandex/schema.json");

describe("generated schema subset and bindings", () => {
  it("schema.json is exactly the provider.json resource types of the provider's schema dump", () => {
    const fresh = subsetText(extractSubset(loadSchemaDump(), provider.resources, DUMP_NAME));
    if (fs.readFileSync(SUBSET, "utf8") !== fresh) {
      throw new Error(
        `infra/yandex/schema.json is out of date with the schema dump; run: ${REGENERATE_COMMAND}`,
      );
    }
  });

  it("generated.ts matches a fresh generation from schema.json (no drift)", () => {
    const fresh = generateBindings(buildModel(loadSchemaSubset()));
    if (fs.readFileSync(GENERATED, "utf8") !== fresh) {
      throw new Error(
        `infra/yandex/generated.ts is out of date with schema.json; run: ${REGENERATE_COMMAND}`,
      );
    }
  });

  it("are marked generated with the command that regenerates them", () => {
    const head = fs.readFileSync(GENERATED, "utf8").split("\n").slice(0, 3).join("\n");
    expect(head).toContain("GENERATED FILE - DO NOT EDIT");
    expect(head).toContain("npm run gen:yandex");
    expect(loadSchemaSubset().comment).toContain("GENERATED FILE - DO NOT EDIT");
  });

  it("declare one class per selected resource type and nothing else", () => {
    const classes = [...fs.readFileSync(GENERATED, "utf8").matchAll(/^export class (\w+) /gm)].map(
      (m) => m[1],
    );
    expect(classes.sort()).toEqual(
      buildModel(loadSchemaSubset())
        .map((m) => m.className)
        .sort(),
    );
    expect(Object.keys(loadSchemaSubset().resource_schemas)).toEqual([...provider.resources].sort());
  });

  it("refuses a resource type the provider does not have", () => {
    expect(() => extractSubset(loadSchemaDump(), ["yandex_no_such_thing"], "x")).toThrow(
      "provider registry.opentofu.org/yandex-cloud/yandex has no resource type yandex_no_such_thing",
    );
  });
});

/** A hand-made Terraform schema exercising every construct the generator maps. */
const tiny: SchemaSubset = {
  comment: "test",
  provider: "registry.opentofu.org/yandex-cloud/yandex",
  version: "0.0.0",
  extractedFrom: "test",
  resource_schemas: {
    yandex_thing_box: {
      version: 0,
      block: {
        description: "Manages a box. More text.",
        attributes: {
          id: { type: "string", optional: true, computed: true },
          name: { type: "string", required: true, description: "The name. Second sentence." },
          size: { type: "number", optional: true },
          token: { type: "string", optional: true, sensitive: true },
          zones: { type: ["list", "string"], optional: true },
          labels: { type: ["map", "string"], optional: true, computed: true },
          created_at: { type: "string", computed: true },
          old_flag: { type: "bool", optional: true, deprecated: true },
          hosts: { type: ["list", ["object", { fqdn: "string", zone_id: "string" }]], computed: true },
          code_sync: {
            required: true,
            nested_type: {
              nesting_mode: "single",
              attributes: {
                s3: {
                  optional: true,
                  nested_type: { attributes: { bucket: { type: "string", required: true } } },
                },
              },
            },
          },
          pool: {
            optional: true,
            nested_type: { nesting_mode: "list", attributes: { size: { type: "number", required: true } } },
          },
        },
        block_types: {
          spec: {
            nesting_mode: "list",
            min_items: 1,
            max_items: 1,
            block: { attributes: { key: { type: "string", required: true, sensitive: true } } },
          },
          static_route: {
            nesting_mode: "set",
            block: { attributes: { destination_prefix: { type: "string", optional: true } } },
          },
          shared_egress_gateway: { nesting_mode: "list", max_items: 1, block: {} },
          timeouts: {
            nesting_mode: "single",
            block: { attributes: { create: { type: "string", optional: true } } },
          },
        },
      },
    },
  },
};

describe("code generator", () => {
  const text = generateBindings(buildModel(tiny));

  it("names the class, token and properties as the Pulumi bridge does", () => {
    expect(text).toContain("export class ThingBox extends pulumi.CustomResource {");
    expect(text).toContain('public static readonly __pulumiType = "yandex:index/thingBox:ThingBox";');
    expect(text).toContain(
      "  readonly staticRoutes?: pulumi.Input<pulumi.Input<ThingBoxStaticRouteArgs>[]>;",
    );
    expect(text).toContain("  readonly spec: pulumi.Input<ThingBoxSpecArgs>;");
    expect(text).toContain("  readonly sharedEgressGateway?: pulumi.Input<ThingBoxSharedEgressGatewayArgs>;");
    expect(text).toContain("export type ThingBoxSharedEgressGatewayArgs = Record<string, never>;");
    expect(text).toContain("  destinationPrefix?: pulumi.Input<string>;");
  });

  it("maps plugin-framework nested attributes to named object types, single or repeated", () => {
    expect(text).toContain("  readonly codeSync: pulumi.Input<ThingBoxCodeSyncArgs>;");
    expect(text).toContain("  s3?: pulumi.Input<ThingBoxCodeSyncS3Args>;");
    expect(text).toContain("  bucket: pulumi.Input<string>;");
    expect(text).toContain("  readonly pools?: pulumi.Input<pulumi.Input<ThingBoxPoolArgs>[]>;");
    expect(text).toContain("missing required property 'codeSync'");
  });

  it("types inputs from required/optional, keeps computed-only attributes, id and timeouts out of them", () => {
    expect(text).toContain("  readonly name: pulumi.Input<string>;");
    expect(text).toContain("  readonly size?: pulumi.Input<number>;");
    expect(text).toContain("  readonly zones?: pulumi.Input<pulumi.Input<string>[]>;");
    expect(text).toContain("  readonly labels?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;");
    expect(text).not.toContain("readonly createdAt?: pulumi.Input");
    expect(text).not.toContain("timeouts");
    expect(text).not.toMatch(/readonly id\??: pulumi\.Input/);
    expect(text).toContain('    resourceInputs["createdAt"] = undefined;');
    expect(text).toContain("missing required property 'name'");
    expect(text).toContain("missing required property 'spec'");
    expect(text).not.toContain("missing required property 'size'");
  });

  it("types outputs: computed attributes always present, computed objects inline", () => {
    expect(text).toContain("  declare public readonly createdAt: pulumi.Output<string>;");
    expect(text).toContain("  declare public readonly size: pulumi.Output<number | undefined>;");
    expect(text).toContain(
      "  declare public readonly hosts: pulumi.Output<{ readonly fqdn?: string; readonly zoneId?: string }[]>;",
    );
  });

  it("marks sensitive values secret, nested ones by their top-level block, and deprecations", () => {
    expect(text).toContain(
      'resourceInputs["token"] = args?.token === undefined ? undefined : pulumi.secret(args.token);',
    );
    expect(text).toContain(
      'resourceInputs["spec"] = args?.spec === undefined ? undefined : pulumi.secret(args.spec);',
    );
    expect(text).toContain('resourceInputs["name"] = args?.name;');
    expect(text).toContain('additionalSecretOutputs: ["spec","token"]');
    expect(text).toContain("/** @deprecated Deprecated by the provider. */");
    expect(text).toContain("/** The name. */");
    expect(text).toContain("false, yandexPackageRef());");
  });

  it("refuses shapes it cannot map and names that would collide", () => {
    const nested: SchemaSubset = {
      ...tiny,
      resource_schemas: {
        yandex_v2: {
          version: 0,
          block: {
            attributes: {
              config: { nested_type: { nesting_mode: "group" as "single", attributes: {} }, optional: true },
            },
          },
        },
      },
    };
    expect(() => buildModel(nested)).toThrow("yandex_v2.config: nested attribute nesting 'group'");
    const clash: SchemaSubset = {
      ...tiny,
      resource_schemas: {
        ...tiny.resource_schemas,
        yandex_thing_box_spec: { version: 0, block: {} },
      },
    };
    expect(() => generateBindings(buildModel(clash))).toThrow(
      "generated name 'ThingBoxSpec' is claimed by both",
    );
  });

  it("summarises descriptions to their first sentence, safe in a comment", () => {
    expect(summary("First one. Second.")).toBe("First one.");
    expect(summary("Has */ inside")).toBe("Has *\\/ inside");
    expect(summary(undefined)).toBeUndefined();
  });
});
