import type { PutObjectCommand } from "@aws-sdk/client-s3";
import { generateDataset } from "../src/dataset/generate-dataset";
import { openSink } from "../src/sink/open-sink";
import { parseS3Uri, type S3PutClient } from "../src/sink/s3-sink";
import { cleanupTempDirs, readFolder, tempDir } from "./helpers/temp-dir";

/** Stores what it is sent, like a bucket would; no network. */
function recordingBucket(): S3PutClient & { objects: Map<string, { body: string; contentType?: string }> } {
  const objects = new Map<string, { body: string; contentType?: string }>();
  return {
    objects,
    async send(command: PutObjectCommand) {
      const { Bucket, Key, Body, ContentType } = command.input;
      objects.set(`${Bucket}/${Key}`, {
        body: String(Body),
        ...(ContentType ? { contentType: ContentType } : {}),
      });
      return {};
    },
  };
}

describe("S3 destination", () => {
  afterAll(cleanupTempDirs);

  it.each([
    ["s3://raw-data", { bucket: "raw-data", prefix: "" }],
    ["s3://raw-data/", { bucket: "raw-data", prefix: "" }],
    ["s3://raw-data/seed/2018", { bucket: "raw-data", prefix: "seed/2018" }],
    ["s3://raw-data//seed/", { bucket: "raw-data", prefix: "seed" }],
  ])("parses %p", (uri, expected) => {
    expect(parseS3Uri(uri)).toEqual(expected);
  });

  it.each(["s3:/bucket", "gs://bucket/x", "s3://B/x", "s3://a/x"])("rejects %p", (uri) => {
    expect(() => parseS3Uri(uri)).toThrow("not an S3 URI");
  });

  it("uploads the same objects under the prefix that a folder run writes as files", async () => {
    const params = { customers: 50, terminals: 100, days: 3, seed: 2 };
    const bucket = recordingBucket();
    const summary = await generateDataset({
      out: "s3://antifraud-raw/simulated/v1",
      s3Client: bucket,
      params,
    });
    expect(summary.location).toBe("s3://antifraud-raw/simulated/v1");
    const folder = tempDir();
    await generateDataset({ out: folder, params });
    const files = readFolder(folder);
    expect([...bucket.objects.keys()].sort()).toEqual(
      [...files.keys()].map((name) => `antifraud-raw/simulated/v1/${name}`).sort(),
    );
    for (const [name, content] of files) {
      expect(bucket.objects.get(`antifraud-raw/simulated/v1/${name}`)?.body).toBe(content);
    }
    expect(bucket.objects.get("antifraud-raw/simulated/v1/2018-04-01.txt")?.contentType).toBe(
      "text/plain; charset=utf-8",
    );
  });

  it("chooses the sink by the destination", () => {
    expect(openSink("s3://bucket-a/x", { s3Client: recordingBucket() }).location).toBe("s3://bucket-a/x");
    expect(openSink("/tmp/raw").location).toBe("/tmp/raw");
  });
});
