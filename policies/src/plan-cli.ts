/**
 * `npm run plan -- --stack dev|prod [--config <namespace:key>=<value>]...`: the offline plan of a
 * stack (resource tree, outputs, cost) followed by this pack's verdicts with the policy config CI uses.
 */
import { DEFAULT_SECTIONS, planMain } from "@antifraud/infra/plan";
import { policyVerdictSection } from "./plan-section";

planMain([...DEFAULT_SECTIONS, policyVerdictSection]);
