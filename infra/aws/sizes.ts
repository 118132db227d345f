/**
 * The stack config sizes hosts in cloud-neutral terms: Yandex presets name vCPUs and RAM (s3-c2-m8 is
 * 2 vCPUs, 8 GB), node groups give cores and memoryGb. On AWS each managed service has its own
 * instance families; this module picks, per service, the smallest listed instance type with at least
 * the requested vCPUs and RAM, so one config sizes both clouds. Shapes are the ones AWS lists on each
 * service's instance-type page; only current general-purpose and memory-optimised families are here.
 */
import { presetShape } from "../cost/presets";

export type AwsService = "ec2" | "emr" | "msk" | "elasticache" | "rds";

export interface InstanceShape {
  readonly type: string;
  readonly vcpu: number;
  /** GiB as AWS lists it. */
  readonly memoryGb: number;
}

const t = (type: string, vcpu: number, memoryGb: number): InstanceShape => ({ type, vcpu, memoryGb });

const EC2_TYPES: readonly InstanceShape[] = [
  t("c6i.large", 2, 4),
  t("m6i.large", 2, 8),
  t("r6i.large", 2, 16),
  t("c6i.xlarge", 4, 8),
  t("m6i.xlarge", 4, 16),
  t("r6i.xlarge", 4, 32),
  t("c6i.2xlarge", 8, 16),
  t("m6i.2xlarge", 8, 32),
  t("r6i.2xlarge", 8, 64),
  t("m6i.4xlarge", 16, 64),
  t("r6i.4xlarge", 16, 128),
];

/** Smallest first within each service; ties in vCPU are ordered by memory. */
export const INSTANCE_TYPES: Readonly<Record<AwsService, readonly InstanceShape[]>> = {
  ec2: EC2_TYPES,
  // EMR runs these EC2 types, but its supported instance types (EMR 7.x) start at .xlarge in the
  // c6i/m6i/r6i families: there is no .large size to launch or to price.
  emr: EC2_TYPES.filter((s) => !s.type.endsWith(".large")),
  msk: [
    t("kafka.m5.large", 2, 8),
    t("kafka.m5.xlarge", 4, 16),
    t("kafka.m5.2xlarge", 8, 32),
    t("kafka.m5.4xlarge", 16, 64),
  ],
  elasticache: [
    t("cache.m6g.large", 2, 6.38),
    t("cache.r6g.large", 2, 13.07),
    t("cache.m6g.xlarge", 4, 12.93),
    t("cache.r6g.xlarge", 4, 26.32),
    t("cache.m6g.2xlarge", 8, 26.04),
    t("cache.r6g.2xlarge", 8, 52.82),
  ],
  rds: [
    t("db.m6i.large", 2, 8),
    t("db.r6i.large", 2, 16),
    t("db.m6i.xlarge", 4, 16),
    t("db.r6i.xlarge", 4, 32),
    t("db.m6i.2xlarge", 8, 32),
    t("db.r6i.2xlarge", 8, 64),
  ],
};

export class NoInstanceTypeError extends Error {
  constructor(service: AwsService, vcpu: number, memoryGb: number) {
    super(
      `no ${service} instance type in infra/aws/sizes.ts has >= ${vcpu} vCPUs and >= ${memoryGb} GB ` +
        `(largest: ${INSTANCE_TYPES[service].at(-1)?.type}); choose a smaller preset or add the type`,
    );
    this.name = "NoInstanceTypeError";
  }
}

/** The smallest instance type of `service` with at least `vcpu` vCPUs and `memoryGb` GB of RAM. */
export function instanceTypeFor(service: AwsService, vcpu: number, memoryGb: number): InstanceShape {
  const found = INSTANCE_TYPES[service].find((s) => s.vcpu >= vcpu && s.memoryGb >= memoryGb);
  if (!found) throw new NoInstanceTypeError(service, vcpu, memoryGb);
  return found;
}

/** The instance type that stands in for a Yandex resource preset (vCPUs and RAM from infra/cost/presets.ts). */
export function instanceTypeForPreset(service: AwsService, presetId: string): InstanceShape {
  const shape = presetShape(presetId);
  return instanceTypeFor(service, shape.vcpu, shape.memoryGb);
}
