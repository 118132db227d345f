import * as path from "node:path";
import * as proxy from "@pulumi/policy/proxy";
import { startPackProcess, type PackProcess } from "../src/analyzer/pack-process";
import { evaluatePack, evaluatePolicies } from "../src/evaluate";
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

let pack: PackProcess;
beforeAll(async () => {
  pack = await startPackProcess(path.join(__dirname, "support", "fixture-pack.ts"));
});
afterAll(() => pack.stop());

const run = (only: string[], config: Record<string, unknown>, resources = [vpc, subnet]) =>
  evaluatePolicies(resources, { stack: "unit", config: config as never, only, pack });

describe("evaluatePolicies, through the pack's own analyzer server", () => {
  it("calls resource policies per resource and honours notApplicable", async () => {
    expect(await run(["names-everything"], { all: "mandatory" })).toEqual([
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
    const found = await run(["links-stack"], {});
    expect(found.map((v) => [v.enforcementLevel, v.name, v.message])).toEqual([
      ["advisory", "vpc", "vpc: parent=- deps="],
      ["advisory", "subnet", "subnet: parent=vpc deps=vpc"],
    ]);
  });

  it("skips disabled policies and reports remediate as mandatory", async () => {
    expect(await run(["names-everything"], { "names-everything": "disabled" })).toEqual([]);
    const remediate = await run(["names-everything"], { "names-everything": "remediate" });
    expect(remediate.map((v) => v.enforcementLevel)).toEqual(["mandatory"]);
  });

  it("turns a read of an unknown value into an advisory, as preview does", async () => {
    const unknown = resource("yandex:index/vpcNetwork:VpcNetwork", "pending", { name: unknownStringValue });
    const found = await run(["names-everything"], { all: "mandatory" }, [unknown]);
    expect(found).toEqual([
      {
        policy: "names-everything",
        enforcementLevel: "advisory",
        urn: unknown.urn,
        name: "pending",
        message:
          "can't run policy 'names-everything' from policy pack 'evaluate-fixture@v0.1.0' during preview: " +
          "string value at .name can't be known during preview",
      },
    ]);
  });

  it("sends schema defaults and the config file's values as the CLI resolves them", async () => {
    expect((await run(["reads-config"], {}, [vpc])).map((v) => v.message)).toEqual(["limit 3"]);
    const set = await run(["reads-config"], { "reads-config": { limit: 7 } }, [vpc]);
    expect(set.map((v) => v.message)).toEqual(["limit 7"]);
    await expect(run(["reads-config"], { "reads-config": { limit: "7" } }, [vpc])).rejects.toThrow(
      'invalid policy pack config: reads-config.limit: "7" is not of type integer',
    );
  });

  it("surfaces a crashing policy as an error naming the policy and resource", async () => {
    const failure = await run(["crashes"], {}, [vpc]).then(
      () => new Error("no error"),
      (err: Error) => err,
    );
    expect(failure.message).toMatch(/^the policy pack failed on \S+::vpc: .*policy 'crashes'.*boom/s);
  });

  it("refuses to select a policy the pack does not have", async () => {
    await expect(run(["no-such-policy"], {})).rejects.toThrow("the pack has no policy no-such-policy");
  });
});

describe("plan verdict section", () => {
  it("lists every policy with its level and verdict, then the violations", async () => {
    const { policies } = await evaluatePack([], { stack: "prod" });
    const text = renderVerdicts("prod", {
      policies,
      violations: [
        {
          policy: "redis-tls",
          enforcementLevel: "mandatory",
          urn: "urn:x",
          name: "redis-cluster",
          message: "tlsEnabled is not true",
        },
      ],
    });
    const lines = text.split("\n");
    expect(lines[0]).toBe(
      'Pack "antifraud-guardrails" with policies/config/prod.json (thresholds and budget from that file): ' +
        "1 mandatory and 0 advisory violation(s): `pulumi preview`/`up` would fail",
    );
    expect(lines).toContain("redis-tls                       mandatory  FAIL (1)");
    expect(lines).toContain("kafka-replication               mandatory  pass");
    expect(lines.filter((l) => / {2}(mandatory|advisory|disabled) {2}/.test(l))).toHaveLength(
      policies.length,
    );
    expect(lines.slice(-2)).toEqual([
      "Violations:",
      "  MANDATORY  redis-tls  redis-cluster: tlsEnabled is not true",
    ]);
  });
});
