import { PolicyPack } from "@pulumi/policy";
import { policies } from "./src/policies";

new PolicyPack("antifraud-guardrails", { policies, enforcementLevel: "advisory" });
