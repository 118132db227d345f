import fs from "node:fs/promises";
import path from "node:path";
import { GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";

export interface ArtifactEntry {
  /** Name relative to the listed folder. */
  name: string;
  /** Changes whenever the content changes (ETag on S3, size + mtime locally). */
  tag: string;
}

/** Read-only view of a models or features root: a local directory or an S3-compatible prefix. */
export interface ArtifactStore {
  readonly location: string;
  read(relPath: string): Promise<Buffer>;
  /** Files directly under `folder`. */
  list(folder: string): Promise<ArtifactEntry[]>;
}

export class LocalArtifactStore implements ArtifactStore {
  constructor(readonly location: string) {}

  read(relPath: string): Promise<Buffer> {
    return fs.readFile(path.join(this.location, relPath));
  }

  async list(folder: string): Promise<ArtifactEntry[]> {
    const dir = path.join(this.location, folder);
    const names = await fs.readdir(dir).catch((err: NodeJS.ErrnoException) => {
      if (err.code === "ENOENT") return [] as string[];
      throw err;
    });
    const entries: ArtifactEntry[] = [];
    for (const name of names) {
      const stat = await fs.stat(path.join(dir, name));
      if (stat.isFile()) entries.push({ name, tag: `${stat.size}:${stat.mtimeMs}` });
    }
    return entries;
  }
}

export class S3ArtifactStore implements ArtifactStore {
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(
    readonly location: string,
    private readonly client: S3Client,
  ) {
    const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(location);
    if (!m) throw new Error(`not an s3:// URI: ${location}`);
    this.bucket = m[1]!;
    this.prefix = m[2] ? m[2].replace(/\/?$/, "/") : "";
  }

  async read(relPath: string): Promise<Buffer> {
    const out = await this.client.send(
      new GetObjectCommand({ Bucket: this.bucket, Key: this.prefix + relPath }),
    );
    if (!out.Body) throw new Error(`empty object ${this.location}/${relPath}`);
    return Buffer.from(await out.Body.transformToByteArray());
  }

  async list(folder: string): Promise<ArtifactEntry[]> {
    const prefix = this.prefix + folder.replace(/\/?$/, "/");
    const entries: ArtifactEntry[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: prefix,
          Delimiter: "/",
          ContinuationToken: token,
        }),
      );
      for (const obj of page.Contents ?? []) {
        if (obj.Key)
          entries.push({ name: obj.Key.slice(prefix.length), tag: obj.ETag ?? String(obj.LastModified) });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return entries;
  }
}

/** Credentials come from the SDK's default chain (env, instance metadata), never from our config. */
export function createArtifactStore(
  location: string,
  s3: { endpoint: string; region: string },
): ArtifactStore {
  if (location.startsWith("s3://")) {
    return new S3ArtifactStore(
      location,
      new S3Client({ endpoint: s3.endpoint, region: s3.region, forcePathStyle: true }),
    );
  }
  return new LocalArtifactStore(path.resolve(location));
}
