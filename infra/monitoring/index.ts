export {
  ALERT_RULES_FILE,
  alertingRules,
  loadRuleFile,
  recordingRules,
  ruleFileSchema,
  type AlertingRule,
  type RecordingRule,
  type RuleFile,
} from "./rules-file";
export { SCRAPE_JOBS, type ScrapeJob } from "./scrape-jobs";
