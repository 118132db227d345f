/** Where generated files go: a local folder or an S3-compatible bucket prefix. */
export interface DatasetSink {
  /** Human-readable location, e.g. `/data/raw` or `s3://bucket/raw`. */
  readonly location: string;
  write(name: string, content: string): Promise<void>;
}
