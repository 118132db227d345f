import { PolicyPack } from "@pulumi/policy";
import { PACK_DEFAULT_LEVEL, PACK_NAME } from "./src/pack-config";
import { policies } from "./src/policies";

new PolicyPack(PACK_NAME, { policies, enforcementLevel: PACK_DEFAULT_LEVEL });
