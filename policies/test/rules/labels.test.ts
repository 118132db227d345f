import * as yandex from "@antifraud/infra/yandex";
import * as msk from "@pulumi/aws/msk";
import * as s3 from "@pulumi/aws/s3";
import * as awsVpc from "@pulumi/aws/vpc";
import { LABEL_FIELD, requiredLabels } from "../../src/rules/labels";
import { messagesOf, resource } from "../helpers";
import { awsResource, awsType } from "./aws-fixtures";

describe("labels-required", () => {
  const vpc = (labels?: Record<string, string>) =>
    resource(yandex.VpcNetwork.__pulumiType, "vpc", labels ? { name: "vpc", labels } : { name: "vpc" });
  const bucket = (tags: Record<string, string>) =>
    resource(yandex.StorageBucket.__pulumiType, "bucket", { bucket: "b", tags });

  it("reads the label field of each Yandex type from the bindings' schema", () => {
    expect(LABEL_FIELD.get(yandex.VpcNetwork.__pulumiType)).toBe("labels");
    expect(LABEL_FIELD.get(yandex.StorageBucket.__pulumiType)).toBe("tags");
    expect(LABEL_FIELD.has(yandex.MdbKafkaTopic.__pulumiType)).toBe(false);
    expect(LABEL_FIELD.has(yandex.ResourcemanagerFolderIamMember.__pulumiType)).toBe(false);
    expect(LABEL_FIELD.get(awsType(s3.Bucket))).toBe("tags");
    expect(LABEL_FIELD.has(awsType(s3.BucketPolicy))).toBe(false);
  });

  it.each([
    ["both labels", vpc({ environment: "prod", owner: "fraud-platform" }), []],
    ["no labels at all", vpc(), ['labels lacks "environment", "owner"']],
    ["an empty owner", vpc({ environment: "prod", owner: "" }), ['labels lacks "owner"']],
    // Only the missing key, not also a mismatch with the stack's environment.
    ["an empty environment", vpc({ environment: "", owner: "o" }), ['labels lacks "environment"']],
    ["bucket tags without environment", bucket({ owner: "fraud-platform" }), ['tags lacks "environment"']],
    [
      "the wrong environment",
      vpc({ environment: "dev", owner: "fraud-platform" }),
      ['labels.environment is "dev" in the prod stack'],
    ],
    ["a resource type without labels", resource(yandex.MdbKafkaTopic.__pulumiType, "t", { name: "t" }), []],
    [
      "an MSK cluster tagged like the Yandex resources",
      awsResource(msk.Cluster, "kafka", {
        tags: { environment: "prod", owner: "fraud-platform", Name: "k" },
      }),
      [],
    ],
    [
      "an untagged S3 bucket",
      awsResource(s3.Bucket, "storage-raw", {}),
      ['tags lacks "environment", "owner"'],
    ],
    [
      "an S3 bucket tagged for dev",
      awsResource(s3.Bucket, "storage-raw", { tags: { environment: "dev", owner: "o" } }),
      ['tags.environment is "dev" in the prod stack'],
    ],
    [
      "an untagged security group rule (part of its group)",
      awsResource(awsVpc.SecurityGroupIngressRule, "r", {}),
      [],
    ],
  ])("%s", async (_case, r, expected) => {
    expect(await messagesOf(requiredLabels, [r], { environment: "prod" })).toEqual(expected);
  });

  it("accepts any non-empty environment when the stack names none (the default)", async () => {
    expect(await messagesOf(requiredLabels, [vpc({ environment: "dev", owner: "o" })])).toEqual([]);
  });
});
