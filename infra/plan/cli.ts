/**
 * The offline plan: runs the Pulumi program of a stack under the mock engine (no credentials, no CLI)
 * and prints the resource tree, the outputs with secrets masked and the cost table. Invalid config
 * exits with code 2 and the validation message. Extra sections plug in through `planMain(sections)`:
 * `npm run plan` is the policy pack's CLI, which adds its verdicts (the pack depends on infra, not
 * the other way round).
 */
import { isConfigError } from "../config";
import { captureStack, type StackName } from "../testing/capture";
import { DEFAULT_SECTIONS, renderPlan, type PlanSection } from "./render";

const USAGE = "usage: npm run plan -- --stack dev|prod [--config <namespace:key>=<value>]...";
const STACKS: readonly StackName[] = ["dev", "prod"];

export interface PlanArgs {
  readonly stack: StackName;
  /** What-if overrides of stack settings, like `pulumi config set` (structured values as JSON). */
  readonly overrides: Record<string, string>;
}

export function parseArgs(argv: readonly string[]): PlanArgs {
  let stack: string | undefined;
  const overrides: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] =
      arg.startsWith("--") && arg.includes("=")
        ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
        : [arg, undefined];
    const value = inline ?? argv[++i];
    if (flag === "--stack") stack = value;
    else if (flag === "--config" && value?.includes("=")) {
      overrides[value.slice(0, value.indexOf("="))] = value.slice(value.indexOf("=") + 1);
    } else throw new UsageError(`${USAGE} (unexpected ${JSON.stringify(arg)})`);
  }
  if (!stack || !(STACKS as readonly string[]).includes(stack)) {
    throw new UsageError(`${USAGE} (got ${stack === undefined ? "no --stack" : JSON.stringify(stack)})`);
  }
  return { stack: stack as StackName, overrides };
}

export class UsageError extends Error {}

/** Captures the stack and renders the sections; progress goes to `progress` (stderr by default). */
export async function runPlan(
  { stack, overrides }: PlanArgs,
  sections: readonly PlanSection[] = DEFAULT_SECTIONS,
  progress: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<string> {
  const started = Date.now();
  progress(`[plan] running the Pulumi program for stack "${stack}" under the mock engine...`);
  const result = await captureStack(stack, overrides);
  progress(
    `[plan] captured ${result.resources.length} resources in ${((Date.now() - started) / 1000).toFixed(1)} s; rendering`,
  );
  return renderPlan(result, sections);
}

/** The CLI around runPlan: argv in, the plan on stdout; exit 2 on bad usage or config, 1 on a failure. */
export function planMain(
  sections: readonly PlanSection[],
  argv: readonly string[] = process.argv.slice(2),
): void {
  const run = async () => {
    try {
      process.stdout.write(await runPlan(parseArgs(argv), sections));
    } catch (error) {
      if (error instanceof UsageError || isConfigError(error)) {
        process.stderr.write(`${error.message}\n`);
        process.exit(2);
      }
      throw error;
    }
  };
  run().catch((error: Error) => {
    process.stderr.write(`[plan] failed: ${error.stack ?? error.message}\n`);
    process.exit(1);
  });
}
