/**
 * Reads the stack configuration from the Pulumi runtime (the CLI passes it to the program, the mock
 * harness sets it from Pulumi.<stack>.yaml) and validates it once. Secret settings are checked for
 * presence and shape here, without ever printing their values, and handed on as secret Outputs.
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, validateStackConfig } from "./parse";
import type { ConfigProblem } from "./rules";
import { CONFIG_KEYS, YANDEX_KEYS, type StackConfig } from "./schema";

/** Secret settings: never in the stack files, set with `pulumi config set --secret antifraud:<key> ...`. */
export const SECRET_SETTINGS = {
  alertWebhookUrl: {
    pattern: /^https:\/\/\S+$/,
    describe: "an https:// URL that receives Alertmanager webhooks",
  },
  telegramBotToken: {
    pattern: /^\d+:[A-Za-z0-9_-]{20,}$/,
    describe: "a Telegram bot token such as 123456:ABC-...",
  },
  managedServicesCaPem: {
    pattern: /^(\s*-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\s]+-----END CERTIFICATE-----\s*)+$/,
    describe:
      "the PEM certificate(s) of the CA that signs the managed services' certificates: on Yandex Cloud its CA (downloaded once by the operator from storage.yandexcloud.net/cloud-certs/CA.pem); on AWS Amazon Root CA 1 followed by the region's RDS CA bundle. The pods get it mounted and never download it",
  },
} as const;

export type SecretName = keyof typeof SECRET_SETTINGS;
export type StackSecrets = Record<SecretName, pulumi.Output<string>>;

export interface LoadedConfig {
  readonly stack: string;
  readonly config: StackConfig;
  readonly secrets: StackSecrets;
}

const NAMESPACE = "antifraud";

/** JSON-decodes structured values (objects and lists arrive as JSON text); scalars stay strings. */
function decode(text: string): unknown {
  const trimmed = text.trim();
  if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) return text;
  try {
    return JSON.parse(trimmed);
  } catch {
    return text;
  }
}

/**
 * Builds the raw object the schema validates, plus problems for unknown keys and bad secrets.
 * `secretKeys` are full keys set with `--secret`; an unknown one is reported without its value.
 */
export function collectRawConfig(
  all: Readonly<Record<string, string>>,
  secretKeys: ReadonlySet<string> = new Set(),
): {
  raw: Record<string, unknown>;
  problems: ConfigProblem[];
} {
  const raw: Record<string, unknown> = {};
  const yandex: Record<string, unknown> = {};
  const problems: ConfigProblem[] = [];
  const known = new Set<string>([...CONFIG_KEYS, ...Object.keys(SECRET_SETTINGS)]);
  for (const [fullKey, text] of Object.entries(all)) {
    const [namespace, key = ""] = fullKey.split(":");
    if (namespace === "yandex" && (YANDEX_KEYS as string[]).includes(key)) yandex[key] = decode(text);
    if (namespace !== NAMESPACE) continue;
    if (!known.has(key)) {
      problems.push({
        path: [key],
        value: secretKeys.has(fullKey) ? "[secret]" : decode(text),
        message: "is not a known setting",
        fix: "remove it or correct its spelling (Pulumi.yaml describes every key)",
      });
    } else if (!(key in SECRET_SETTINGS)) {
      raw[key] = decode(text);
    }
  }
  raw.yandex = yandex;
  for (const [name, setting] of Object.entries(SECRET_SETTINGS)) {
    const value = all[`${NAMESPACE}:${name}`];
    if (value === undefined) {
      problems.push({
        path: [name],
        value: undefined,
        message: `is a required secret (${setting.describe})`,
        fix: `pulumi config set --secret ${NAMESPACE}:${name} <value>`,
      });
    } else if (!setting.pattern.test(value)) {
      problems.push({
        path: [name],
        value: "[secret]",
        message: `must be ${setting.describe}`,
        fix: `pulumi config set --secret ${NAMESPACE}:${name} <value>`,
      });
    }
  }
  return { raw, problems };
}

/** Validates the whole stack configuration once; throws `ConfigError` naming every bad key. */
export function loadStackConfig(): LoadedConfig {
  const stack = pulumi.getStack();
  const all = pulumi.runtime.allConfig();
  // `isConfigSecret` is exported by the SDK's runtime but marked internal in its typings.
  const { isConfigSecret } = pulumi.runtime as unknown as { isConfigSecret(key: string): boolean };
  const secretKeys = new Set(Object.keys(all).filter((key) => isConfigSecret(key)));
  const { raw, problems } = collectRawConfig(all, secretKeys);
  const result = validateStackConfig(raw);
  const allProblems = [...problems, ...(result.ok ? [] : result.problems)];
  if (!result.ok || allProblems.length > 0) throw new ConfigError(stack, allProblems);
  const secrets = Object.fromEntries(
    Object.keys(SECRET_SETTINGS).map((name) => [name, pulumi.secret(all[`${NAMESPACE}:${name}`] as string)]),
  ) as StackSecrets;
  return { stack, config: result.config, secrets };
}
