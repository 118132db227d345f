/**
 * Spark job properties for the Data Processing cluster, computed from the subclusters' host classes
 * (pure). Two profiles: `etl` (clean, features: dynamic allocation over the autoscaled compute hosts)
 * and `training` (train and the whole pipeline: XGBoost's barrier stage needs a fixed set of executors,
 * so it runs on the hosts that are always there). The same values are a stack output and the README's
 * `yc dataproc job create-pyspark` example (a test holds them equal).
 */
import { presetShape, type PresetShape } from "../../cost/presets";

const MIB_PER_GIB = 1024;
/** Per worker host: the OS, the HDFS DataNode and the YARN NodeManager keep this much. */
const RESERVED_FIXED_MIB = 2 * MIB_PER_GIB;
const RESERVED_SHARE = 0.1;
/** Executor cores: more per executor makes fewer, larger heaps that collect more garbage at once. */
const MAX_EXECUTOR_CORES = 4;
/** Executors smaller than this leave too little heap per core: a host with little memory runs fewer. */
const MIN_CONTAINER_MIB = 4 * MIB_PER_GIB;
/** Of each executor's container: Python workers (XGBoost, onnxruntime, pandas) and JVM overhead. */
const PYSPARK_SHARE = 0.25;
const OVERHEAD_SHARE = 0.1;
const MIN_OVERHEAD_MIB = 384;
/** Initial shuffle partitions per executor core (adaptive execution coalesces small ones). */
const SHUFFLE_PARTITIONS_PER_CORE = 3;
/** The driver runs on the master host next to the NameNode and ResourceManager: half of it. */
const DRIVER_SHARE = 0.5;
/** A single-node fit holds about 20 float64 columns three times (pandas, matrix, DMatrix) per row. */
const SINGLE_NODE_BYTES_PER_ROW = 20 * 8 * 3;

export interface SubclusterSizes {
  readonly master: PresetShape;
  readonly data: PresetShape & { readonly hosts: number };
  readonly compute: PresetShape & { readonly minHosts: number; readonly maxHosts: number };
}

export interface ExecutorLayout {
  readonly cores: number;
  readonly containerMib: number;
  readonly heapMib: number;
  readonly overheadMib: number;
  readonly pysparkMib: number;
  /** Executors on the hosts that always run (data hosts + compute minHosts). */
  readonly guaranteed: number;
  /** Executors with the compute subcluster at maxHosts. */
  readonly maximum: number;
  readonly driverMib: number;
}

export interface SparkJobProperties {
  readonly etl: Record<string, string>;
  readonly training: Record<string, string>;
}

const yarnMib = (host: PresetShape) => {
  const total = host.memoryGb * MIB_PER_GIB;
  return Math.floor(total - RESERVED_FIXED_MIB - total * RESERVED_SHARE);
};

/** Uniform executors sized for the smaller of the two worker host classes. */
export function executorLayout(s: SubclusterSizes): ExecutorLayout {
  const smallest = {
    vcpu: Math.min(s.data.vcpu, s.compute.vcpu),
    mib: Math.min(yarnMib(s.data), yarnMib(s.compute)),
  };
  const cores = Math.min(MAX_EXECUTOR_CORES, smallest.vcpu);
  const perSmallHost = Math.max(
    1,
    Math.min(Math.floor(smallest.vcpu / cores), Math.floor(smallest.mib / MIN_CONTAINER_MIB)),
  );
  const containerMib = Math.floor(smallest.mib / perSmallHost);
  if (containerMib < 1024 + MIN_OVERHEAD_MIB)
    throw new Error(`worker hosts too small for a Spark executor: ${containerMib} MiB per executor`);
  const perHost = (host: PresetShape) =>
    Math.min(Math.floor(host.vcpu / cores), Math.floor(yarnMib(host) / containerMib));
  const pysparkMib = Math.floor(containerMib * PYSPARK_SHARE);
  const overheadMib = Math.max(MIN_OVERHEAD_MIB, Math.floor(containerMib * OVERHEAD_SHARE));
  const base = s.data.hosts * perHost(s.data);
  return {
    cores,
    containerMib,
    heapMib: containerMib - pysparkMib - overheadMib,
    overheadMib,
    pysparkMib,
    guaranteed: base + s.compute.minHosts * perHost(s.compute),
    maximum: base + s.compute.maxHosts * perHost(s.compute),
    driverMib: Math.floor(s.master.memoryGb * MIB_PER_GIB * DRIVER_SHARE),
  };
}

export function jobProperties(s: SubclusterSizes): SparkJobProperties {
  const l = executorLayout(s);
  const common = {
    "spark.submit.deployMode": "client",
    "spark.driver.memory": `${l.driverMib}m`,
    "spark.driver.maxResultSize": "256m",
    "spark.executor.cores": String(l.cores),
    "spark.executor.memory": `${l.heapMib}m`,
    "spark.executor.memoryOverhead": `${l.overheadMib}m`,
    "spark.executor.pyspark.memory": `${l.pysparkMib}m`,
    "spark.sql.adaptive.enabled": "true",
    "spark.antifraud.train.singleNodeMaxRows": String(
      Math.floor((l.pysparkMib * 1024 * 1024) / SINGLE_NODE_BYTES_PER_ROW),
    ),
  };
  return {
    etl: {
      ...common,
      "spark.dynamicAllocation.enabled": "true",
      "spark.dynamicAllocation.minExecutors": String(l.guaranteed),
      "spark.dynamicAllocation.maxExecutors": String(l.maximum),
      "spark.sql.shuffle.partitions": String(SHUFFLE_PARTITIONS_PER_CORE * l.cores * l.maximum),
    },
    training: {
      ...common,
      "spark.dynamicAllocation.enabled": "false",
      "spark.executor.instances": String(l.guaranteed),
      "spark.sql.shuffle.partitions": String(SHUFFLE_PARTITIONS_PER_CORE * l.cores * l.guaranteed),
      "spark.antifraud.train.workers": String(l.cores * l.guaranteed),
    },
  };
}

export interface SparkPresets {
  readonly master: { readonly preset: string };
  readonly data: { readonly preset: string; readonly hosts: number };
  readonly compute: { readonly preset: string; readonly minHosts: number; readonly maxHosts: number };
}

/** The job properties of a stack's `antifraud:spark` config. */
export function sparkJobProperties(spark: SparkPresets): SparkJobProperties {
  return jobProperties({
    master: presetShape(spark.master.preset),
    data: { ...presetShape(spark.data.preset), hosts: spark.data.hosts },
    compute: {
      ...presetShape(spark.compute.preset),
      minHosts: spark.compute.minHosts,
      maxHosts: spark.compute.maxHosts,
    },
  });
}

/** `--properties key=value` arguments of `yc dataproc job create-pyspark`, in key order. */
export function propertiesArguments(properties: Record<string, string>): string[] {
  return Object.keys(properties)
    .sort()
    .map((key) => `--properties ${key}=${properties[key]}`);
}
