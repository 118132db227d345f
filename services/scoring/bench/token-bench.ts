/**
 * What authentication costs per request: an Ed25519 token verification (fast-jwt) against a repeat
 * served from the verified-token cache, measured in process. Part of `npm run bench`; standalone:
 * `npx tsx services/scoring/bench/token-bench.ts`.
 */
import { createTokenAuthenticator } from "../src/auth/token-authenticator";
import { issueToken } from "../src/auth/token-issuer";
import { testKeyPair } from "../test/support/signing-keys";
import { report } from "./report";

const claims = (subject: string) => ({
  subject,
  issuer: "antifraud",
  audience: "antifraud-scoring",
  ttlSeconds: 3600,
});

/** CPU time (user + system) per call, µs: comparable while other work shares the machine. */
function microsPer(count: number, run: (i: number) => void): number {
  const started = process.cpuUsage();
  for (let i = 0; i < count; i++) run(i);
  const used = process.cpuUsage(started);
  return (used.user + used.system) / count;
}

export function benchTokens(): void {
  const issuer = testKeyPair("token-issuer");
  const tokens = Array.from(
    { length: 2000 },
    (_, i) => `Bearer ${issueToken(issuer.privateKeyPem, claims(`client-${i}`))}`,
  );
  const options = { publicKeys: [issuer.publicKeyPem], issuer: "antifraud", audience: "antifraud-scoring" };
  // A cache of one entry: every distinct token is a miss, i.e. a full signature verification.
  const uncached = createTokenAuthenticator({ ...options, cacheSize: 1 });
  const fresh = microsPer(tokens.length, (i) => uncached.authenticate(tokens[i]));
  const cached = createTokenAuthenticator(options);
  cached.authenticate(tokens[0]);
  const repeat = microsPer(200_000, () => cached.authenticate(tokens[0]));
  report(
    "bearer token check per request (in process)",
    `CPU ${fresh.toFixed(1)} µs verifying an Ed25519 token, ${repeat.toFixed(2)} µs for a token already verified (cache)`,
  );
}

if (require.main === module) benchTokens();
