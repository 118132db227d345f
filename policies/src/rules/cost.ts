import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import type { AwsRegion, CostEstimate } from "@antifraud/infra/cost";
import { AWS_PRICE_TABLE, estimateAwsMonthlyCost, estimateMonthlyCost } from "@antifraud/infra/cost";
import { costInputsFromResources } from "../cost/inputs-from-resources";
import { configSchemaOf, configValues, numberMapParam, numberParam } from "../lib/policy-config";
import { awsCostInputsFromResources } from "../cost/aws-inputs-from-resources";

const costConfig = {
  monthlyBudget: numberParam(
    "Monthly budget in RUB (the stack's antifraud:budget.monthlyLimit); 0 = not configured",
    0,
  ),
  awsMonthlyBudget: numberParam(
    "Monthly budget in USD when the stack deploys to AWS (antifraud:aws.budget.monthlyLimit); 0 = not configured",
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

const amount = (x: number) => x.toLocaleString("en-US", { maximumFractionDigits: 2 });

/** The stack's AWS region, from the provider of its AWS resources; undefined on a Yandex stack. */
function awsRegion(resources: readonly PolicyResource[]): string | undefined {
  const aws = resources.find((r) => r.type.startsWith("aws:"));
  if (!aws) return undefined;
  return String(aws.provider?.props.region ?? "unknown");
}

export const costWithinBudget: StackValidationPolicy = {
  name: "cost-within-budget",
  description:
    "The monthly cost, recomputed from the declared resources at maximum autoscaling, stays within the stack's " +
    "budget (RUB on Yandex Cloud, USD on AWS).",
  severity: "high",
  configSchema: configSchemaOf(costConfig),
  validateStack: (args, report) => {
    const config = configValues(costConfig, args);
    const region = awsRegion(args.resources);
    const [budget, key, currency] =
      region === undefined
        ? [config.monthlyBudget, "monthlyBudget", "RUB"]
        : [config.awsMonthlyBudget, "awsMonthlyBudget", "USD"];
    if (!(budget > 0)) {
      report(`no ${key} configured for this stack: set cost-within-budget.${key} in the policy pack config`);
      return;
    }
    let total: CostEstimate["total"];
    try {
      total =
        region === undefined
          ? estimateMonthlyCost(costInputsFromResources(args.resources, config)).total
          : estimateAwsMonthlyCost(
              awsCostInputsFromResources(
                args.resources.map((r) => ({ ...r, dependencies: r.dependencies.map((d) => d.urn) })),
                config,
              ),
              AWS_PRICE_TABLE,
              region as AwsRegion,
            ).total;
    } catch (e) {
      report(`cannot price the stack: ${(e as Error).message}`);
      return;
    }
    if (total.max > budget) {
      report(
        `estimated monthly cost ${amount(total.max)} ${currency} at maximum autoscaling (${amount(total.min)} at ` +
          `minimum) exceeds the budget of ${amount(budget)} ${currency}`,
      );
    }
  },
};

export const costPolicies = [costWithinBudget];
