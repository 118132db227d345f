import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { DatasetSink } from "./dataset-sink";

export function folderSink(folder: string): DatasetSink {
  const location = resolve(folder);
  let created: Promise<unknown> | undefined;
  return {
    location,
    async write(name, content) {
      created ??= mkdir(location, { recursive: true });
      await created;
      await writeFile(join(location, name), content);
    },
  };
}
