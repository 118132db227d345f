import type { ResourceValidationPolicy } from "@pulumi/policy";
import { validateResourceOfType } from "@pulumi/policy";
import * as ecr from "@pulumi/aws/ecr";

/** Yandex Container Registry has no per-registry scan switch (its scanner is a separate service), so this is ECR's. */
export const registryScanOnPush: ResourceValidationPolicy = {
  name: "registry-scan-on-push",
  description: "ECR repositories scan every pushed image for known vulnerabilities.",
  severity: "medium",
  validateResource: validateResourceOfType(ecr.Repository, (repository, _args, report) => {
    if (repository.imageScanningConfiguration?.scanOnPush !== true) {
      report("imageScanningConfiguration.scanOnPush is not true: pushed images would not be scanned");
    }
  }),
};

export const registryPolicies = [registryScanOnPush];
