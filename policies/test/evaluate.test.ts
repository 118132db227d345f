import type { Policy, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import * as proxy from "@pulumi/policy/proxy";
import { evaluatePolicies } from "../src/evaluate";
import { renderVerdicts } from "../src/plan-section";
import { resource } from "./helpers";

/** The engine's sentinel for a string not known until apply (exported at runtime, not in the typings). */
const unknownStringValue = (proxy as unknown as { unknownStringValue: string }).unknownStringValue;

const vpc = resource("yandex:index/vpcNetwork:VpcNetwork", "vpc", { name: "antifraud-dev-vpc" });
const subnet = resource(
  "yandex:index/vpcSubnet:VpcSubnet",
  "subnet",
  { zone: "ru-central1-a" },
  { parent: vpc.urn, dependencies: [vpc.urn] },
);

const namesEveryResource: ResourceValidationPolicy = {
  name: "names-everything",
  description: "test policy",
  validateResource: (args, report) => {
    if (args.type.endsWith("VpcSubnet")) args.notApplicable("subnets are fine");
    report(`saw ${String(args.props.name)} (parent ${args.opts.parent ?? "none"})`);
  },
};
const linksStack: StackValidationPolicy = {
  name: "links-stack",
  description: "test policy",
  validateStack: (args, report) => {
    for (const r of args.resources) {
      report(
        `${r.name}: parent=${r.parent?.name ?? "-"} deps=${r.dependencies.map((d) => d.name).join(",")}`,
        r.urn,
      );
    }
  },
};
const run = (policies: Policy[], config: Record<string, unknown>, resources = [vpc, subnet]) =>
  evaluatePolicies(resources, { stack: "unit", config: config as never, policies: policies as never });

describe("evaluatePolicies", () => {
  it("calls resource policies per resource and honours notApplicable", async () => {
    expect(await run([namesEveryResource], { all: "mandatory" })).toEqual([
      {
        policy: "names-everything",
        enforcementLevel: "mandatory",
        urn: vpc.urn,
        name: "vpc",
        message: "saw antifraud-dev-vpc (parent none)",
      },
    ]);
  });

  it("gives stack policies linked parents and dependencies, and maps reported URNs to names", async () => {
    const found = await run([linksStack], {});
    expect(found.map((v) => [v.enforcementLevel, v.name, v.message])).toEqual([
      ["advisory", "vpc", "vpc: parent=- deps="],
      ["advisory", "subnet", "subnet: parent=vpc deps=vpc"],
    ]);
  });

  it("skips disabled policies and reports remediate as mandatory", async () => {
    expect(await run([namesEveryResource], { "names-everything": "disabled" })).toEqual([]);
    const remediate = await run([namesEveryResource], { "names-everything": "remediate" });
    expect(remediate.map((v) => v.enforcementLevel)).toEqual(["mandatory"]);
  });

  it("turns a read of an unknown value into an advisory, as preview does", async () => {
    const unknown = resource("yandex:index/vpcNetwork:VpcNetwork", "pending", { name: unknownStringValue });
    const found = await run([namesEveryResource], { all: "mandatory" }, [unknown]);
    expect(found).toEqual([
      expect.objectContaining({
        enforcementLevel: "advisory",
        message: "can't run during preview: string value at .name can't be known during preview",
      }),
    ]);
  });

  it("surfaces a crashing policy as an error naming the policy and resource", async () => {
    const crashes: ResourceValidationPolicy = {
      name: "crashes",
      description: "test",
      validateResource: () => {
        throw new Error("boom");
      },
    };
    await expect(run([crashes], {}, [vpc])).rejects.toThrow(`policy crashes failed on ${vpc.urn}: boom`);
  });
});

describe("plan verdict section", () => {
  it("lists every policy with its level and verdict, then the violations", () => {
    const text = renderVerdicts("prod", [
      {
        policy: "redis-tls",
        enforcementLevel: "mandatory",
        urn: "urn:x",
        name: "redis-cluster",
        message: "tlsEnabled is not true",
      },
    ]);
    const lines = text.split("\n");
    expect(lines[0]).toBe(
      'Pack "antifraud-guardrails" with policies/config/prod.json (thresholds and budget from that file): ' +
        "1 mandatory and 0 advisory violation(s): `pulumi preview`/`up` would fail",
    );
    expect(lines).toContain("redis-tls                       mandatory  FAIL (1)");
    expect(lines).toContain("kafka-replication               mandatory  pass");
    expect(lines.slice(-2)).toEqual([
      "Violations:",
      "  MANDATORY  redis-tls  redis-cluster: tlsEnabled is not true",
    ]);
  });
});
