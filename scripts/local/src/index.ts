export { startKafka, type KafkaHandle, type StartKafkaOptions } from "./kafka/start-kafka";
export { renderServerProperties, type KafkaNodeConfig, type BrokerSecurity } from "./kafka/kafka-config";
export {
  localAcls,
  localTopicPatterns,
  transactionState,
  type KafkaSecurity,
  type KafkaCredentials,
} from "./kafka/kafka-access";
export {
  ensureTopics,
  kafkaClient,
  localConnection,
  withAdmin,
  type LocalBroker,
} from "./kafka/kafka-clients";
export { startRedis, type RedisHandle, type StartRedisOptions } from "./redis/start-redis";
export { localTls, type LocalTls } from "./tls/local-tls";
export {
  startPrometheus,
  type PrometheusHandle,
  type StartPrometheusOptions,
} from "./prometheus/start-prometheus";
export {
  renderPrometheusConfig,
  type PrometheusConfig,
  type ScrapeTarget,
} from "./prometheus/prometheus-config";
export { freePort, LOCALHOST } from "./process/free-port";
export { waitUntil } from "./process/wait-until";
export {
  instanceTopics,
  testKafkaBroker,
  testRedis,
  uniqueTopic,
  TEST_KAFKA_BROKERS_ENV,
  TEST_KAFKA_SECURITY_ENV,
  TEST_REDIS_URL_ENV,
} from "./testing/test-env";
export {
  committedCount,
  committedCounter,
  produceValues,
  readCommitted,
  type CommittedCounter,
  type ConsumedRecord,
} from "./testing/kafka-io";
export { cpuOf, cpuPerItem, cpuSeconds, peakRssMiB, perItem, type Measured } from "./process/process-cpu";
export {
  kubeApiserverBinary,
  startKubeApiserver,
  type KubeApiserverHandle,
  type StartKubeApiserverOptions,
} from "./kube/start-kube-apiserver";
export { KubeClient, type KubeResponse } from "./kube/kube-client";
export { mlflowBinary, startMlflow, type MlflowHandle, type StartMlflowOptions } from "./mlflow/start-mlflow";
export { startPostgres, type PostgresHandle, type StartPostgresOptions } from "./postgres/start-postgres";
export {
  airflowBinary,
  createAirflowHome,
  dagsFolder,
  parseDagTestOutput,
  type AirflowHome,
  type AirflowHomeOptions,
  type DagRun,
  type LocalPipelineVariable,
} from "./airflow/airflow-home";
export {
  buildah,
  buildImage,
  execIn,
  imageConfig,
  imageId,
  imageSize,
  logsOf,
  podman,
  removeContainer,
  runDetached,
  terminate,
  unpack,
  type BuildOptions,
  type ImageConfig,
  type RunOptions,
} from "./containers/containers";
