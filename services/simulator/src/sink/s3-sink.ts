import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { DatasetSink } from "./dataset-sink";

/** The part of S3Client the sink uses, so tests inject a recording client instead of the network. */
export interface S3PutClient {
  send(command: PutObjectCommand): Promise<unknown>;
}

export interface S3Location {
  readonly bucket: string;
  /** Key prefix without leading or trailing slashes ("" for the bucket root). */
  readonly prefix: string;
}

export function parseS3Uri(uri: string): S3Location {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(uri);
  if (match === null) throw new Error(`not an S3 URI: ${uri} (expected s3://bucket[/prefix])`);
  return { bucket: match[1]!, prefix: (match[2] ?? "").replace(/^\/+|\/+$/g, "") };
}

export interface S3ClientSettings {
  /** S3-compatible endpoint, e.g. https://storage.yandexcloud.net. Default: AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL. */
  readonly endpoint?: string;
  /** Default: AWS_REGION or ru-central1. */
  readonly region?: string;
}

/** A real client; credentials come from the usual AWS environment variables or profile. */
export function createS3Client(settings: S3ClientSettings = {}): S3Client {
  const endpoint = settings.endpoint ?? process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL;
  return new S3Client({
    region: settings.region ?? process.env.AWS_REGION ?? "ru-central1",
    ...(endpoint === undefined ? {} : { endpoint, forcePathStyle: true }),
  });
}

export function s3Sink(uri: string, client: S3PutClient): DatasetSink {
  const { bucket, prefix } = parseS3Uri(uri);
  return {
    location: `s3://${bucket}${prefix === "" ? "" : `/${prefix}`}`,
    async write(name, content) {
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: prefix === "" ? name : `${prefix}/${name}`,
          Body: content,
          ContentType: name.endsWith(".json") ? "application/json" : "text/plain; charset=utf-8",
        }),
      );
    },
  };
}
