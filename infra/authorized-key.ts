/**
 * The authorized-key JSON file of a service account (what `yc iam key create -o key.json` writes),
 * assembled from the attributes of an `IamServiceAccountKey`. Container Registry accepts it as the
 * password of a `docker login` whose username is `json_key`.
 */
export const JSON_KEY_USERNAME = "json_key";

/** Key algorithm of the keys the program creates (the API default is RSA_2048). */
export const AUTHORIZED_KEY_ALGORITHM = "RSA_4096";

export interface AuthorizedKeyParts {
  readonly id: string;
  readonly serviceAccountId: string;
  readonly createdAt: string;
  readonly keyAlgorithm: string;
  readonly publicKey: string;
  readonly privateKey: string;
}

const PEM_PRIVATE_KEY = /^-----BEGIN (RSA )?PRIVATE KEY-----\n[\s\S]+\n-----END (RSA )?PRIVATE KEY-----\n?$/;

/** The key file as JSON text, with the snake_case field names the Yandex tools read. */
export function authorizedKeyJson(key: AuthorizedKeyParts): string {
  const empty = Object.entries(key)
    .filter(([, value]) => value === "")
    .map(([name]) => name);
  if (empty.length > 0) {
    // The provider leaves privateKey empty when pgpKey or outputToLockbox is set.
    throw new Error(`authorized key ${key.id || "(no id)"} lacks ${empty.join(", ")}`);
  }
  if (!PEM_PRIVATE_KEY.test(key.privateKey)) {
    throw new Error(
      `authorized key ${key.id}: privateKey is not a PEM private key (format must be PEM_FILE)`,
    );
  }
  return JSON.stringify({
    id: key.id,
    service_account_id: key.serviceAccountId,
    created_at: key.createdAt,
    key_algorithm: key.keyAlgorithm,
    public_key: key.publicKey,
    private_key: key.privateKey,
  });
}
