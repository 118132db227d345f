/** The `costEstimate` stack output: priced sizes per component, storage vs HDFS, and the budget check. */
import {
  compareObjectStorageWithHdfs,
  estimateMonthlyCost,
  type CostEstimate,
  type HdfsComparison,
} from "../cost";
import { costInputsFromConfig } from "./cost-inputs";
import type { StackConfig } from "./schema";

export interface CostReport extends CostEstimate {
  /** Raw plus clean data kept in Object Storage vs the same data in HDFS on data-node disks. */
  readonly storageVsHdfs: HdfsComparison;
  readonly budget: {
    readonly monthlyLimit: number;
    readonly currency: string;
    readonly withinBudget: boolean;
  };
}

export function costReportFromConfig(c: StackConfig): CostReport {
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
