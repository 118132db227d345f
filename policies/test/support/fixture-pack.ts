/**
 * A pack of test policies for evaluate.test.ts, served like the real one: each one exercises a part
 * of what the SDK's analyzer server does (notApplicable, linked stack resources, levels, unknowns).
 */
import { PolicyPack, type ResourceValidationPolicy, type StackValidationPolicy } from "@pulumi/policy";

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

const readsConfig: ResourceValidationPolicy = {
  name: "reads-config",
  description: "test policy",
  configSchema: { properties: { limit: { type: "integer", default: 3 } } },
  validateResource: (args, report) => report(`limit ${args.getConfig<{ limit: number }>().limit}`),
};

const crashes: ResourceValidationPolicy = {
  name: "crashes",
  description: "test policy",
  validateResource: () => {
    throw new Error("boom");
  },
};

new PolicyPack("evaluate-fixture", {
  policies: [namesEveryResource, linksStack, readsConfig, crashes],
  enforcementLevel: "advisory",
});
