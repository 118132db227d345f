/**
 * Runs OpenTofu with the real Yandex provider (installed by scripts/bootstrap.d/60-tofu.sh) on a
 * rendered configuration, offline: `tofu init` from the local filesystem mirror, then
 * `tofu validate -json`, which runs the provider's own validation of every resource block. Each
 * diagnostic is attributed to the Pulumi resource whose file it points at.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import type { RenderedConfiguration } from "../yandex/terraform-json";
import { REPO_ROOT } from "./stack-files";

const run = promisify(execFile);

export const TOFU_DIR = path.join(REPO_ROOT, ".cache", "yandex-provider");
export const TOFU_BIN = path.join(TOFU_DIR, "tofu");
export const PROVIDER_MIRROR = path.join(TOFU_DIR, "mirror");

export interface TofuDiagnostic {
  readonly severity: "error" | "warning";
  readonly summary: string;
  readonly detail: string;
  /** Pulumi resource the diagnostic points at, when it points into a resource file. */
  readonly resource?: string;
  readonly address?: string;
}

interface RawDiagnostic {
  severity: "error" | "warning";
  summary: string;
  detail?: string;
  range?: { filename?: string };
}

/** A working directory initialised once (provider installed), validated many times. */
export class TofuWorkspace {
  private constructor(
    readonly dir: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  static async create(mainTfJson: string): Promise<TofuWorkspace> {
    const dir = mkdtempSync(path.join(tmpdir(), "antifraud-tofu-"));
    const cliConfig = path.join(dir, "tofurc");
    writeFileSync(cliConfig, "");
    const env = {
      ...process.env,
      TF_CLI_CONFIG_FILE: cliConfig,
      TF_IN_AUTOMATION: "1",
      CHECKPOINT_DISABLE: "1",
    };
    const work = new TofuWorkspace(dir, env);
    work.write({ "main.tf.json": mainTfJson });
    try {
      await run(
        TOFU_BIN,
        ["init", "-input=false", "-no-color", "-backend=false", `-plugin-dir=${PROVIDER_MIRROR}`],
        {
          cwd: dir,
          env,
          maxBuffer: 16 << 20,
        },
      );
    } catch (error) {
      work.remove();
      const e = error as { stderr?: string; message: string };
      throw new Error(`tofu init failed (run bash scripts/bootstrap.sh): ${e.stderr ?? e.message}`);
    }
    return work;
  }

  /** Replaces every configuration file with `files`. */
  private write(files: Record<string, string>): void {
    for (const f of readdirSync(this.dir)) if (f.endsWith(".tf.json")) rmSync(path.join(this.dir, f));
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(this.dir, name), text);
  }

  async validate(config: RenderedConfiguration): Promise<TofuDiagnostic[]> {
    this.write(config.files);
    const byFile = new Map(config.resources.map((r) => [r.file, r]));
    let stdout: string;
    try {
      ({ stdout } = await run(TOFU_BIN, ["validate", "-json", "-no-color"], {
        cwd: this.dir,
        env: this.env,
        maxBuffer: 64 << 20,
      }));
    } catch (error) {
      // validate exits 1 when the configuration is invalid; the JSON report is still on stdout.
      stdout = (error as { stdout?: string }).stdout ?? "";
      if (!stdout) throw error;
    }
    const report = JSON.parse(stdout) as { diagnostics?: RawDiagnostic[] };
    return (report.diagnostics ?? []).map((d) => {
      const file = d.range?.filename ? path.basename(d.range.filename) : undefined;
      const resource = file ? byFile.get(file) : undefined;
      return {
        severity: d.severity,
        summary: d.summary,
        detail: d.detail ?? "",
        ...(resource ? { resource: resource.name, address: resource.address } : {}),
      };
    });
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** One line per diagnostic: `<pulumi name> (<address>): <summary>: <detail>`. */
export function describeDiagnostics(diagnostics: readonly TofuDiagnostic[]): string[] {
  return diagnostics.map(
    (d) =>
      `${d.severity}: ${d.resource ? `${d.resource} (${d.address})` : "configuration"}: ${d.summary}` +
      (d.detail ? `: ${d.detail.replace(/\s+/g, " ").trim()}` : ""),
  );
}
