import type { StackValidationPolicy } from "@pulumi/policy";
import { estimateMonthlyCost } from "@antifraud/infra/cost";
import { costInputsFromResources } from "../cost/inputs-from-resources";
import { configSchemaOf, configValues, numberMapParam, numberParam } from "../lib/policy-config";

const costConfig = {
  monthlyBudget: numberParam(
    "Monthly budget in RUB (the stack's antifraud:budget.monthlyLimit); 0 = not configured",
    0,
  ),
  bucketVolumesGb: numberMapParam(
    "Expected stored GB per bucket, keyed by bucket resource name suffix (the stack's antifraud:storage.volumesGb)",
    {},
  ),
  registryGb: numberParam(
    "Expected container registry storage, GB (antifraud:storage.volumesGb.registry)",
    0,
  ),
};

const rub = (x: number) => x.toLocaleString("en-US", { maximumFractionDigits: 2 });

export const costWithinBudget: StackValidationPolicy = {
  name: "cost-within-budget",
  description:
    "The monthly cost, recomputed from the declared resources at maximum autoscaling, stays within the stack's budget.",
  severity: "high",
  configSchema: configSchemaOf(costConfig),
  validateStack: (args, report) => {
    const { monthlyBudget, bucketVolumesGb, registryGb } = configValues(costConfig, args);
    if (!(monthlyBudget > 0)) {
      report(
        "no monthlyBudget configured for this stack: set cost-within-budget.monthlyBudget in the policy pack config",
      );
      return;
    }
    let total;
    try {
      total = estimateMonthlyCost(
        costInputsFromResources(args.resources, { bucketVolumesGb, registryGb }),
      ).total;
    } catch (e) {
      report(`cannot price the stack: ${(e as Error).message}`);
      return;
    }
    if (total.max > monthlyBudget) {
      report(
        `estimated monthly cost ${rub(total.max)} RUB at maximum autoscaling (${rub(total.min)} at minimum) ` +
          `exceeds the budget of ${rub(monthlyBudget)} RUB`,
      );
    }
  },
};

export const costPolicies = [costWithinBudget];
