import type { ResourceValidationPolicy } from "@pulumi/policy";
import { committedModel, inputProperties } from "@antifraud/infra/yandex";
import { configSchemaOf, configValues, stringListParam, stringParam } from "../lib/policy-config";
import { AWS_TAGGED_TYPES } from "./aws-tagged";

/**
 * Resource token -> the input that carries its labels: for Yandex types read from the bindings' schema
 * (`tags` on buckets), for AWS types `tags`, which carry the same keys (infra/aws/tags.ts).
 */
export const LABEL_FIELD: ReadonlyMap<string, "labels" | "tags"> = new Map([
  ...committedModel()
    .map((r) => {
      const names = new Set(inputProperties(r.properties).map((p) => p.name));
      const field = names.has("labels") ? "labels" : names.has("tags") ? "tags" : undefined;
      return [r.token, field] as const;
    })
    .filter((e): e is readonly [string, "labels" | "tags"] => e[1] !== undefined),
  ...AWS_TAGGED_TYPES.map((token) => [token, "tags"] as const),
]);

const labelsConfig = {
  required: stringListParam("Label keys every resource must carry", ["environment", "owner"]),
  environment: stringParam("Expected value of the environment label (empty: any non-empty value)", ""),
};

export const requiredLabels: ResourceValidationPolicy = {
  name: "labels-required",
  description:
    "Every billable cloud resource says which environment it belongs to and who owns it (cost reports, cleanup). " +
    "Kubernetes objects are attributed by their namespace and app.kubernetes.io labels instead.",
  severity: "low",
  configSchema: configSchemaOf(labelsConfig),
  validateResource: (args, report) => {
    const where = LABEL_FIELD.get(args.type);
    if (!where) return args.notApplicable("resource type has no labels");
    const { required, environment } = configValues(labelsConfig, args);
    const raw = args.props[where];
    const labels = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
    const missing = required.filter((k) => typeof labels[k] !== "string" || labels[k] === "");
    if (missing.length > 0) report(`${where} lacks ${missing.map((k) => `"${k}"`).join(", ")}`);
    if (
      environment &&
      typeof labels.environment === "string" &&
      labels.environment !== "" &&
      labels.environment !== environment
    ) {
      report(`${where}.environment is "${labels.environment}" in the ${environment} stack`);
    }
  },
};

export const labelPolicies = [requiredLabels];
