/**
 * The `costEstimate` stack output: priced sizes per component and the budget check, in the currency of
 * the stack's cloud (RUB on Yandex Cloud, USD on AWS), plus the Yandex storage vs HDFS comparison.
 */
import {
  AWS_PRICE_TABLE,
  compareObjectStorageWithHdfs,
  estimateAwsMonthlyCost,
  estimateMonthlyCost,
  type CostEstimate,
  type HdfsComparison,
} from "../cost";
import { awsCostInputsFromConfig } from "./aws-cost-inputs";
import { costInputsFromConfig } from "./cost-inputs";
import type { StackConfig } from "./schema";

export interface CostReport extends CostEstimate {
  /**
   * Raw plus clean data kept in Object Storage vs the same data in HDFS on data-node disks: a question of
   * the Yandex Data Processing design, so AWS reports leave it out.
   */
  readonly storageVsHdfs?: HdfsComparison;
  readonly budget: {
    readonly monthlyLimit: number;
    readonly currency: string;
    readonly withinBudget: boolean;
  };
}

function awsCostReport(c: StackConfig): CostReport {
  const estimate = estimateAwsMonthlyCost(awsCostInputsFromConfig(c), AWS_PRICE_TABLE, c.aws.region);
  const budget = c.aws.budget;
  return {
    ...estimate,
    budget: {
      monthlyLimit: budget.monthlyLimit,
      currency: budget.currency,
      withinBudget: estimate.total.max <= budget.monthlyLimit,
    },
  };
}

export function costReportFromConfig(c: StackConfig): CostReport {
  if (c.cloud === "aws") return awsCostReport(c);
  const estimate = estimateMonthlyCost(costInputsFromConfig(c));
  const dataVolumeGb = c.storage.volumesGb.raw + c.storage.volumesGb.clean;
  return {
    ...estimate,
    storageVsHdfs: compareObjectStorageWithHdfs(dataVolumeGb, { diskType: "network-hdd" }),
    budget: {
      monthlyLimit: c.budget.monthlyLimit,
      currency: c.budget.currency,
      withinBudget: estimate.total.max <= c.budget.monthlyLimit,
    },
  };
}
