export { parseArgs, planMain, runPlan, UsageError, type PlanArgs } from "./cli";
export {
  DEFAULT_SECTIONS,
  renderCost,
  renderCostBars,
  renderOutputs,
  renderPlan,
  renderResourceTree,
  SECRET_MASK,
  type PlanSection,
} from "./render";
