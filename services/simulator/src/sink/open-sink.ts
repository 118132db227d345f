import type { DatasetSink } from "./dataset-sink";
import { folderSink } from "./folder-sink";
import { createS3Client, s3Sink, type S3ClientSettings, type S3PutClient } from "./s3-sink";

export interface OpenSinkOptions extends S3ClientSettings {
  /** Used for s3:// destinations instead of a client built from the environment. */
  readonly s3Client?: S3PutClient;
}

/** `s3://bucket/prefix` -> bucket sink; anything else is a local folder. */
export function openSink(destination: string, options: OpenSinkOptions = {}): DatasetSink {
  if (destination.startsWith("s3://"))
    return s3Sink(destination, options.s3Client ?? createS3Client(options));
  return folderSink(destination);
}
