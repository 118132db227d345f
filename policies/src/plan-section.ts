/**
 * The "Policy verdicts" section of the offline plan (`npm run plan`): the pack run over the
 * captured stack with the same policy config CI passes to `pulumi preview`.
 */
import type { PlanSection } from "@antifraud/infra/plan";
import { startPackProcess } from "./analyzer/pack-process";
import type { EvaluatedResource, Evaluation } from "./evaluate";
import { evaluatePack } from "./evaluate";
import { PACK_NAME } from "./pack-config";

export function renderVerdicts(stack: string, { violations, policies }: Evaluation): string {
  const nameWidth = Math.max(...policies.map((p) => p.name.length));
  const table = policies.map((p) => {
    const level = p.enforcementLevel;
    const count = violations.filter((v) => v.policy === p.name).length;
    const verdict = level === "disabled" ? "skipped" : count === 0 ? "pass" : `FAIL (${count})`;
    return `${p.name.padEnd(nameWidth)}  ${level.padEnd(9)}  ${verdict}`;
  });
  const mandatory = violations.filter((v) => v.enforcementLevel === "mandatory").length;
  const summary =
    violations.length === 0
      ? `all ${policies.length} policies pass`
      : `${mandatory} mandatory and ${violations.length - mandatory} advisory violation(s)` +
        (mandatory > 0 ? ": `pulumi preview`/`up` would fail" : "");
  const details = violations.map(
    (v) =>
      `  ${v.enforcementLevel.toUpperCase().padEnd(9)}  ${v.policy}  ${v.name ?? "(stack)"}: ${v.message}`,
  );
  return [
    `Pack "${PACK_NAME}" with policies/config/${stack}.json (thresholds and budget from that file): ${summary}`,
    "",
    ...table,
    ...(details.length > 0 ? ["", "Violations:", ...details] : []),
  ].join("\n");
}

export const policyVerdictSection: PlanSection = {
  title: "Policy verdicts",
  render: async (result) => {
    const resources: EvaluatedResource[] = result.resources;
    const pack = await startPackProcess();
    try {
      return renderVerdicts(result.stack, await evaluatePack(resources, { stack: result.stack, pack }));
    } finally {
      await pack.stop();
    }
  },
};
