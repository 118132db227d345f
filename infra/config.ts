/** Stack configuration: schema, validation and the mapping to cost inputs. */
export { costInputsFromConfig, rawStorageSplit } from "./config/cost-inputs";
export { costReportFromConfig } from "./config/cost-report";
export type { CostReport } from "./config/cost-report";
export { ConfigError, isConfigError, parseStackConfig, validateStackConfig } from "./config/parse";
export { configKey, formatProblem } from "./config/problems";
export { collectRawConfig, loadStackConfig, SECRET_SETTINGS } from "./config/read";
export type { LoadedConfig, StackSecrets } from "./config/read";
export type { ConfigProblem } from "./config/rules";
export { NETWORK_TIERS, stackConfigSchema, YANDEX_ZONES } from "./config/schema";
export type { StackConfig, TopicName, WorkloadConfig } from "./config/schema";
