import fc from "fast-check";
import { camelCase, pluralize, propertyName, resourceClassName, resourceToken } from "../../yandex/naming";

describe("bridge naming", () => {
  it.each([
    ["static_route", true, "staticRoutes"],
    ["ingress", true, "ingresses"],
    ["lifecycle_rule", true, "lifecycleRules"],
    ["noncurrent_version_transition", true, "noncurrentVersionTransitions"],
    ["subnet_ids", true, "subnetIds"],
    ["policy", true, "policies"],
    ["gateway", true, "gateways"],
    ["box", true, "boxes"],
    ["master", false, "master"],
    ["v4_cidr_blocks", true, "v4CidrBlocks"],
    ["ipv4", false, "ipv4"],
  ])("%s (repeated: %s) -> %s", (tf, repeated, pulumi) => {
    expect(propertyName(tf, repeated)).toBe(pulumi);
  });

  it.each([
    ["yandex_vpc_subnet", "VpcSubnet", "yandex:index/vpcSubnet:VpcSubnet"],
    ["yandex_mdb_redis_cluster_v2", "MdbRedisClusterV2", "yandex:index/mdbRedisClusterV2:MdbRedisClusterV2"],
    [
      "yandex_iam_service_account_static_access_key",
      "IamServiceAccountStaticAccessKey",
      "yandex:index/iamServiceAccountStaticAccessKey:IamServiceAccountStaticAccessKey",
    ],
  ])("%s -> %s", (tf, className, token) => {
    expect(resourceClassName(tf)).toBe(className);
    expect(resourceToken(tf)).toBe(token);
  });

  it("refuses types of another provider", () => {
    expect(() => resourceClassName("aws_s3_bucket")).toThrow(
      "'aws_s3_bucket' is not a resource type of the yandex provider",
    );
  });

  it("camelCase leaves no underscore and keeps the letters", () => {
    const word = fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/);
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 5 }), (words) => {
        const camel = camelCase(words.join("_"));
        expect(camel).not.toContain("_");
        expect(camel.toLowerCase()).toBe(words.join(""));
      }),
    );
  });

  it("pluralize is idempotent on its own plurals ending in s", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{2,8}$/), (w) => {
        const plural = pluralize(w);
        expect(plural.startsWith(w.replace(/y$/, ""))).toBe(true);
        if (!/ss$/.test(plural)) expect(pluralize(plural)).toBe(plural);
      }),
    );
  });
});
