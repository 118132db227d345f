/**
 * Mints a client token: `npm run token -- --key issuer.pem --subject card-processing [--days 30]`.
 * The key is the stack's token issuer key (`pulumi stack output --show-secrets scoringTokenIssuerKey`);
 * the token goes to the client, the key stays with the operator.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { issueToken } from "./token-issuer";

const { values } = parseArgs({
  options: {
    key: { type: "string" },
    subject: { type: "string" },
    days: { type: "string", default: "30" },
    issuer: { type: "string", default: "antifraud" },
    audience: { type: "string", default: "antifraud-scoring" },
  },
});
const days = Number(values.days);
if (!values.key || !values.subject || !Number.isInteger(days) || days < 1 || days > 366) {
  console.error("usage: npm run token -- --key issuer.pem --subject <client> [--days 1..366]");
  process.exit(2);
}
console.log(
  issueToken(readFileSync(values.key, "utf8"), {
    subject: values.subject,
    issuer: values.issuer!,
    audience: values.audience!,
    ttlSeconds: days * 86_400,
  }),
);
