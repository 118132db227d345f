import * as yandex from "@antifraud/infra/yandex";
import { LABEL_FIELD, requiredLabels } from "../../src/rules/labels";
import { messagesOf, resource } from "../helpers";

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
  ])("%s", async (_case, r, expected) => {
    expect(await messagesOf(requiredLabels, [r], { environment: "prod" })).toEqual(expected);
  });

  it("accepts any non-empty environment when the stack names none (the default)", async () => {
    expect(await messagesOf(requiredLabels, [vpc({ environment: "dev", owner: "o" })])).toEqual([]);
  });
});
