import fc from "fast-check";
import { authorizedKeyJson, type AuthorizedKeyParts } from "../authorized-key";

const key: AuthorizedKeyParts = {
  id: "ajeq1w2e3r4t5y6u7i8o",
  serviceAccountId: "ajepg0mjt06siua65usm",
  createdAt: "2026-03-20T10:04:56Z",
  keyAlgorithm: "RSA_4096",
  publicKey: "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n",
  privateKey: "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n",
};

describe("authorizedKeyJson", () => {
  it("writes the key file yc writes: snake_case fields in yc's order, nothing else", () => {
    expect(authorizedKeyJson(key)).toBe(
      JSON.stringify({
        id: "ajeq1w2e3r4t5y6u7i8o",
        service_account_id: "ajepg0mjt06siua65usm",
        created_at: "2026-03-20T10:04:56Z",
        key_algorithm: "RSA_4096",
        public_key: "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n",
        private_key: "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n",
      }),
    );
  });

  it.each([
    [
      "no private key (pgpKey set)",
      { privateKey: "" },
      "authorized key ajeq1w2e3r4t5y6u7i8o lacks privateKey",
    ],
    ["several empty parts", { id: "", publicKey: "" }, "authorized key (no id) lacks id, publicKey"],
    [
      "a private key that is not PEM",
      { privateKey: "MIIEvQIBADANBg" },
      "authorized key ajeq1w2e3r4t5y6u7i8o: privateKey is not a PEM private key (format must be PEM_FILE)",
    ],
  ])("rejects %s", (_case, change, message) => {
    expect(() => authorizedKeyJson({ ...key, ...change })).toThrow(new Error(message));
  });

  it("round-trips any key material through JSON unchanged", () => {
    const text = fc.string({ minLength: 1 });
    fc.assert(
      fc.property(text, text, (body, publicKey) => {
        const privateKey = `-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----\n`;
        const parsed = JSON.parse(authorizedKeyJson({ ...key, publicKey, privateKey })) as Record<
          string,
          string
        >;
        expect([parsed.public_key, parsed.private_key]).toEqual([publicKey, privateKey]);
      }),
    );
  });
});
