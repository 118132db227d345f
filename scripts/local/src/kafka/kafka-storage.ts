import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { cacheDir, kafkaLibsDir } from "../paths";
import { renderServerProperties } from "./kafka-config";

export function javaCommand(): string {
  return process.env.JAVA_HOME ? join(process.env.JAVA_HOME, "bin", "java") : "java";
}

export function kafkaClasspath(): string {
  const libs = kafkaLibsDir();
  if (!existsSync(libs) || !readdirSync(libs).some((name) => name.startsWith("kafka_2.13-"))) {
    throw new Error(
      `Kafka is not installed in ${libs}: run \`npm run bootstrap\` (scripts/bootstrap.d/40-kafka.sh)`,
    );
  }
  return `${libs}/*`;
}

function kafkaVersion(): string {
  const jar = readdirSync(kafkaLibsDir()).find((name) => /^kafka_2\.13-.*\.jar$/.test(name));
  return jar === undefined ? "unknown" : jar.replace(/^kafka_2\.13-|\.jar$/g, "");
}

/** The SCRAM super user written into every formatted log directory (the broker's own principal). */
export interface AdminCredentials {
  readonly username: string;
  readonly password: string;
}

/**
 * A formatted KRaft log directory, made once per Kafka version with `StorageTool format` (about 3 s of
 * JVM start) and copied for every new broker. The formatted state holds no addresses (static voters),
 * so one template serves every port; it holds the SCRAM credentials of the admin user (random, made
 * with the template), which SASL_SSL brokers use between themselves. Built in a temporary folder and
 * renamed, so concurrent runs agree.
 */
function formattedTemplate(): { data: string; admin: AdminCredentials } {
  const template = join(cacheDir(), "kafka", `formatted-${kafkaVersion()}-scram`);
  const read = () => ({
    data: join(template, "data"),
    admin: JSON.parse(readFileSync(join(template, "admin.json"), "utf8")) as AdminCredentials,
  });
  if (existsSync(template)) return read();
  const work = mkdtempSync(`${template}.tmp-`);
  const admin = { username: "admin", password: randomBytes(18).toString("base64url") };
  const properties = join(work, "server.properties");
  writeFileSync(
    properties,
    renderServerProperties({
      port: 9092,
      controllerPort: 9093,
      dataDir: join(work, "data"),
      numPartitions: 1,
    }),
  );
  writeFileSync(join(work, "admin.json"), JSON.stringify(admin), { mode: 0o600 });
  const classpath = kafkaClasspath();
  const clusterId = execFileSync(
    javaCommand(),
    ["-cp", classpath, "kafka.tools.StorageTool", "random-uuid"],
    { encoding: "utf8" },
  ).trim();
  execFileSync(
    javaCommand(),
    [
      "-cp",
      classpath,
      "kafka.tools.StorageTool",
      "format",
      "-t",
      clusterId,
      "-c",
      properties,
      "--add-scram",
      `SCRAM-SHA-512=[name=${admin.username},password=${admin.password}]`,
    ],
    { stdio: "ignore" },
  );
  rmSync(properties);
  try {
    renameSync(work, template);
  } catch (error) {
    if (!existsSync(template)) throw error;
    rmSync(work, { recursive: true, force: true });
  }
  return read();
}

/**
 * Makes `dataDir` a formatted single-node log directory unless it already is one (restart), and
 * returns the admin credentials it holds.
 */
export function ensureFormatted(dataDir: string): AdminCredentials {
  const { data, admin } = formattedTemplate();
  if (!existsSync(join(dataDir, "meta.properties"))) cpSync(data, dataDir, { recursive: true });
  return admin;
}
