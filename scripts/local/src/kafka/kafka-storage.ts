import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, renameSync, rmSync, writeFileSync, readdirSync } from "node:fs";
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

/**
 * A formatted KRaft log directory, made once per Kafka version with `StorageTool format` (about 3 s of
 * JVM start) and copied for every new broker. The formatted state holds no addresses (static voters),
 * so one template serves every port. Built in a temporary folder and renamed, so concurrent runs agree.
 */
function formattedTemplate(): string {
  const template = join(cacheDir(), "kafka", `formatted-${kafkaVersion()}`);
  if (existsSync(template)) return template;
  const work = mkdtempSync(`${template}.tmp-`);
  const data = join(work, "data");
  const properties = join(work, "server.properties");
  writeFileSync(
    properties,
    renderServerProperties({ port: 9092, controllerPort: 9093, dataDir: data, numPartitions: 1 }),
  );
  const classpath = kafkaClasspath();
  const clusterId = execFileSync(
    javaCommand(),
    ["-cp", classpath, "kafka.tools.StorageTool", "random-uuid"],
    {
      encoding: "utf8",
    },
  ).trim();
  execFileSync(
    javaCommand(),
    ["-cp", classpath, "kafka.tools.StorageTool", "format", "-t", clusterId, "-c", properties],
    {
      stdio: "ignore",
    },
  );
  try {
    renameSync(data, template);
  } catch (error) {
    if (!existsSync(template)) throw error;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return template;
}

/** Makes `dataDir` a formatted single-node log directory unless it already is one (restart). */
export function ensureFormatted(dataDir: string): void {
  if (existsSync(join(dataDir, "meta.properties"))) return;
  cpSync(formattedTemplate(), dataDir, { recursive: true });
}
