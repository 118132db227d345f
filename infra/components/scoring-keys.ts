import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import { k8sName } from "../naming";

export interface ScoringKeysArgs {
  readonly namespace: pulumi.Input<string>;
}

/** ConfigMap keys the scoring pods read their public keys from. */
export const PUBLIC_KEYS_CONFIG_MAP_KEYS = {
  modelSigning: "MODEL_SIGNING_PUBLIC_KEYS",
  tokenIssuer: "AUTH_TOKEN_PUBLIC_KEYS",
} as const;

/**
 * The platform's two Ed25519 key pairs, managed by the stack (state holds the private halves as
 * secrets): the model signing key (private half: a secret of the training side, which signs every
 * bundle manifest; public half: scoring config) and the API token issuer (private half: operators
 * mint client tokens with `npm run token`; public half: scoring config). The public halves are a
 * ConfigMap; no private half reaches the cluster.
 */
export class ScoringKeys extends pulumi.ComponentResource {
  readonly configMapName: pulumi.Output<string>;
  readonly modelSigningPrivateKeyPem: pulumi.Output<string>;
  readonly tokenIssuerPrivateKeyPem: pulumi.Output<string>;
  readonly modelSigningPublicKeyPem: pulumi.Output<string>;
  readonly tokenIssuerPublicKeyPem: pulumi.Output<string>;

  constructor(name: string, args: ScoringKeysArgs, opts?: pulumi.ComponentResourceOptions) {
    super("antifraud:scoring:ScoringKeys", name, {}, opts);
    const child = { parent: this };
    const modelSigning = new tls.PrivateKey(`${name}-model-signing`, { algorithm: "ED25519" }, child);
    const tokenIssuer = new tls.PrivateKey(`${name}-token-issuer`, { algorithm: "ED25519" }, child);
    const configMap = new k8s.core.v1.ConfigMap(
      `${name}-public-keys`,
      {
        metadata: { name: k8sName("scoring", "public-keys"), namespace: args.namespace },
        data: {
          [PUBLIC_KEYS_CONFIG_MAP_KEYS.modelSigning]: modelSigning.publicKeyPem,
          [PUBLIC_KEYS_CONFIG_MAP_KEYS.tokenIssuer]: tokenIssuer.publicKeyPem,
        },
      },
      child,
    );
    this.configMapName = configMap.metadata.name;
    this.modelSigningPrivateKeyPem = pulumi.secret(modelSigning.privateKeyPem);
    this.tokenIssuerPrivateKeyPem = pulumi.secret(tokenIssuer.privateKeyPem);
    this.modelSigningPublicKeyPem = modelSigning.publicKeyPem;
    this.tokenIssuerPublicKeyPem = tokenIssuer.publicKeyPem;
    this.registerOutputs({ configMapName: this.configMapName });
  }
}
