/** The generated documents and what they are built from: the stack files read the way the CLI reads them. */
import * as path from "node:path";
import { collectRawConfig } from "../config/read";
import { parseStackConfig } from "../config/parse";
import { REPO_ROOT, readStackConfigFile } from "../testing/stack-files";
import { renderConfigurationReference, type StackName, type StackValues } from "./configuration-reference";
import { renderCostReference } from "./cost-reference";

export const STACKS: readonly StackName[] = ["dev", "prod"];

export interface GeneratedDoc {
  /** Path relative to the repository root. */
  readonly file: string;
  readonly content: string;
}

function stackValues(stack: StackName, root: string): StackValues {
  const { config, encryptedKeys } = readStackConfigFile(stack, root);
  // Secrets are absent from the files on purpose; only the settings are wanted here.
  return { raw: collectRawConfig(config).raw, encryptedKeys };
}

export function generatedDocs(root: string = REPO_ROOT): GeneratedDoc[] {
  const values = Object.fromEntries(STACKS.map((s) => [s, stackValues(s, root)])) as Record<
    StackName,
    StackValues
  >;
  const configs = Object.fromEntries(STACKS.map((s) => [s, parseStackConfig(s, values[s].raw)])) as Record<
    StackName,
    ReturnType<typeof parseStackConfig>
  >;
  return [
    { file: path.join("docs", "configuration.md"), content: renderConfigurationReference(values) },
    { file: path.join("docs", "cost.md"), content: renderCostReference(configs) },
  ];
}
