import { parseArgs, UsageError } from "../plan/cli";
import { renderOutputs, renderResourceTree, SECRET_MASK } from "../plan/render";
import type { CapturedResource } from "../testing/capture";

function resource(name: string, urn: string, parent?: string, custom = true): CapturedResource {
  return {
    type: custom ? "yandex:index/vpcNetwork:VpcNetwork" : "antifraud:network:Network",
    name,
    urn,
    ...(parent ? { parent } : {}),
    inputs: {},
    custom,
    dependencies: [],
    secretInputPaths: [],
  };
}

describe("plan rendering", () => {
  it("prints the resource tree under its parents with a count", () => {
    const text = renderResourceTree([
      resource("network", "urn:c", undefined, false),
      resource("network-vpc", "urn:a", "urn:c"),
      resource("orphan", "urn:b"),
    ]);
    expect(text.split("\n")).toEqual([
      "+ antifraud:network:Network  network",
      "  - yandex:index/vpcNetwork:VpcNetwork  network-vpc",
      "- yandex:index/vpcNetwork:VpcNetwork  orphan",
      "",
      "3 resources (1 components, 2 custom resources)",
    ]);
  });

  it("masks secret outputs and refers the cost estimate to its own section", () => {
    const text = renderOutputs(
      {
        kubeconfig: "apiVersion: v1 ...",
        scoringEndpoint: "http://198.51.100.7",
        costEstimate: { total: 1 },
      },
      ["kubeconfig"],
    );
    expect(text).toBe(
      [
        "costEstimate     (see the cost section)",
        `kubeconfig       ${SECRET_MASK}`,
        "scoringEndpoint  http://198.51.100.7",
      ].join("\n"),
    );
    expect(text).not.toContain("apiVersion");
  });
});

describe("plan arguments", () => {
  it.each([
    [["--stack", "prod"], { stack: "prod", overrides: {} }],
    [
      ["--stack=dev", "--config", "antifraud:environment=prod"],
      { stack: "dev", overrides: { "antifraud:environment": "prod" } },
    ],
  ])("%j", (argv, expected) => expect(parseArgs(argv)).toEqual(expected));

  it.each([[[]], [["--stack", "staging"]], [["--stack", "dev", "--verbose"]]])("rejects %j", (argv) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
  });
});
