import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative, resolve } from "node:path";
import { parse, stringify } from "yaml";
import { alertingRules, ALERT_RULES_FILE, loadRuleFile } from "../../monitoring/rules-file";
import { alertCases, loadTestFiles } from "./promtool-cases";
import { promtool } from "./promtool";

const TESTS_DIR = join(dirname(ALERT_RULES_FILE), "tests");
const rules = loadRuleFile();
const testFiles = loadTestFiles(TESTS_DIR);
const cases = alertCases(testFiles);
const alertNames = alertingRules(rules).map((rule) => rule.alert);

describe("promtool", () => {
  it("accepts the rules file and counts every rule in it", () => {
    const ruleCount = rules.groups.reduce((sum, group) => sum + group.rules.length, 0);
    const result = promtool(["check", "rules", ALERT_RULES_FILE]);
    expect(result.output).toContain(`SUCCESS: ${ruleCount} rules found`);
    expect(result.status).toBe(0);
  });

  it("passes every unit-test file", () => {
    const result = promtool(["test", "rules", ...testFiles.map((file) => file.path)]);
    expect(result.output).not.toContain("FAILED");
    expect(result.status).toBe(0);
  });
});

describe("unit-test coverage", () => {
  it("has test files that all load the one rules file", () => {
    expect(testFiles.length).toBeGreaterThan(0);
    for (const file of testFiles) {
      expect(file.rule_files.map((ruleFile) => resolve(dirname(file.path), ruleFile))).toEqual([
        ALERT_RULES_FILE,
      ]);
    }
  });

  it.each(alertNames)("%s has a case where it fires and a case where it stays silent", (alert) => {
    const mine = cases.filter((c) => c.alertname === alert);
    expect(mine.filter((c) => c.firing).length).toBeGreaterThan(0);
    expect(mine.filter((c) => !c.firing).length).toBeGreaterThan(0);
  });

  it("names only alerts that exist (a silent case for a misspelt alert would always pass)", () => {
    const unknown = cases.filter((c) => !alertNames.includes(c.alertname));
    expect(unknown).toEqual([]);
  });
});

describe("the decline-share tests catch a broken rule", () => {
  const ALERT = "DeclineShareAboveLimit";
  const ALERT_EXPR =
    "antifraud:decline_share:ratio_rate5m > 0.05 and on() antifraud:scored_transactions:rate5m >= 1";
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "antifraud-rules-mutant-"));
    mkdirSync(join(dir, "tests"));
    // Only the cases of this alert, to keep each mutant run short.
    const business = parse(readFileSync(join(TESTS_DIR, "business.yaml"), "utf8")) as {
      tests: { alert_rule_test?: { alertname: string }[] }[];
    };
    business.tests = business.tests
      .map((test) => ({
        ...test,
        alert_rule_test: (test.alert_rule_test ?? []).filter((c) => c.alertname === ALERT),
      }))
      .filter((test) => test.alert_rule_test.length > 0);
    writeFileSync(join(dir, "tests", "business.yaml"), stringify(business));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    [
      "a 6% limit misses the 5.1% case",
      "antifraud:decline_share:ratio_rate5m > 0.06 and on() antifraud:scored_transactions:rate5m >= 1",
    ],
    [
      "a 4.8% limit fires on the 4.9% case",
      "antifraud:decline_share:ratio_rate5m > 0.048 and on() antifraud:scored_transactions:rate5m >= 1",
    ],
    ["no volume guard fires at low traffic", "antifraud:decline_share:ratio_rate5m > 0.05"],
  ])("%s", (_name, mutantExpr) => {
    const original = readFileSync(ALERT_RULES_FILE, "utf8");
    expect(original).toContain(ALERT_EXPR);
    writeFileSync(join(dir, basename(ALERT_RULES_FILE)), original.replace(ALERT_EXPR, mutantExpr));
    const result = promtool(["test", "rules", relative(dir, join(dir, "tests", "business.yaml"))], dir);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain(`alertname: ${ALERT}`);
  });
});
