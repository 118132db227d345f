import type { BucketStorageClass, DiskType } from "./inputs";
import type { PriceTable } from "./prices";
import { findPrice, PRICE_TABLE } from "./prices";

export interface HdfsComparisonOptions {
  /** HDFS replication factor (dfs.replication); Hadoop's default is 3. */
  readonly replication?: number;
  /** Data-node disk type; Data Processing disks are billed at Compute disk prices. */
  readonly diskType?: Extract<DiskType, "network-hdd" | "network-ssd">;
  /** Object Storage class the data would live in. */
  readonly storageClass?: BucketStorageClass;
}

export interface HdfsComparison {
  readonly currency: "RUB";
  readonly dataVolumeGb: number;
  readonly objectStorage: {
    readonly storageClass: BucketStorageClass;
    readonly pricePerGbMonth: number;
    readonly monthly: number;
  };
  readonly hdfs: {
    readonly replication: number;
    readonly diskType: string;
    /** Provisioned data-node disk: data volume x replication. */
    readonly diskGb: number;
    readonly pricePerGbMonth: number;
    readonly monthly: number;
  };
  /** hdfs.monthly / objectStorage.monthly: how many times more HDFS storage costs. */
  readonly ratio: number;
  readonly cheaper: "objectStorage" | "hdfs";
  /** What the comparison leaves out, so the figures are read as a lower bound for HDFS. */
  readonly assumptions: readonly string[];
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

function perGbMonth(prices: PriceTable, id: string, why: string): number {
  const row = findPrice(prices, id, why);
  if (row.unit === "GB-month") return row.price;
  if (row.unit === "GB-hour") return row.price * prices.hoursPerMonth;
  throw new Error(`price '${id}' is per ${row.unit}, not per GB`);
}

/**
 * The predecessor's question: keep the data set in Object Storage, or in HDFS on the Spark cluster's
 * data-node disks? Storage capacity only, per month, at list prices.
 */
export function compareObjectStorageWithHdfs(
  dataVolumeGb: number,
  options: HdfsComparisonOptions = {},
  prices: PriceTable = PRICE_TABLE,
): HdfsComparison {
  if (!Number.isFinite(dataVolumeGb) || dataVolumeGb <= 0) {
    throw new Error(`dataVolumeGb must be a positive number, got ${dataVolumeGb}`);
  }
  const replication = options.replication ?? 3;
  if (!Number.isInteger(replication) || replication < 1) {
    throw new Error(`replication must be an integer >= 1, got ${replication}`);
  }
  const diskType = options.diskType ?? "network-hdd";
  const storageClass = options.storageClass ?? "STANDARD";
  const objectPrice = perGbMonth(prices, `storage.${storageClass.toLowerCase()}`, "object storage class");
  const diskPrice = perGbMonth(prices, `disk.${diskType}`, "data-node disk");
  const diskGb = dataVolumeGb * replication;
  const objectMonthly = round2(dataVolumeGb * objectPrice);
  const hdfsMonthly = round2(diskGb * diskPrice);
  return {
    currency: prices.currency,
    dataVolumeGb,
    objectStorage: { storageClass, pricePerGbMonth: objectPrice, monthly: objectMonthly },
    hdfs: { replication, diskType, diskGb, pricePerGbMonth: diskPrice, monthly: hdfsMonthly },
    ratio: Math.round((hdfsMonthly / objectMonthly) * 1000) / 1000,
    cheaper: hdfsMonthly < objectMonthly ? "hdfs" : "objectStorage",
    assumptions: [
      "capacity only: Object Storage requests/egress and HDFS free-space headroom are not priced",
      "HDFS data nodes must run all month to keep the data; their vCPU/RAM is not included here",
    ],
  };
}
