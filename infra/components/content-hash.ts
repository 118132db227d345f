/** Content hashes of uploads, so a changed file is a changed resource (pure). */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

/** sha256 (hex) of the bytes an upload sends, read from `source` or decoded from `contentBase64`. */
export function sha256Of(content: { source: string } | { contentBase64: string }): string {
  const bytes =
    "source" in content ? readFileSync(content.source) : Buffer.from(content.contentBase64, "base64");
  return createHash("sha256").update(bytes).digest("hex");
}
