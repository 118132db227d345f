"""Signing of bundle manifests: `<version>/manifest.sig` holds an Ed25519 signature of the exact
manifest.json bytes. The private key is the training side's secret (a PEM file the pipeline is
given); the scoring service holds only the public key and refuses unsigned or badly signed bundles,
so whoever can write the models bucket without the key cannot publish a model."""

import base64
import json
import os

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import load_pem_private_key

SIGNATURE_FILE = "manifest.sig"
SIGNATURE_FORMAT = "antifraud.manifest-signature"
KEY_FILE_ENV = "MODEL_SIGNING_KEY_FILE"


def load_signing_key(path: str | None) -> Ed25519PrivateKey:
    """The PEM (PKCS#8) Ed25519 private key at `path`, or at $MODEL_SIGNING_KEY_FILE."""
    path = path or os.environ.get(KEY_FILE_ENV)
    if not path:
        raise ValueError(f"no model signing key: pass --signing-key FILE or set {KEY_FILE_ENV}")
    with open(path, "rb") as f:
        key = load_pem_private_key(f.read(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path}: the model signing key must be Ed25519, got {type(key).__name__}")
    return key


def signature_document(manifest_bytes: bytes, key: Ed25519PrivateKey) -> bytes:
    return json.dumps(
        {
            "format": SIGNATURE_FORMAT,
            "format_version": 1,
            "algorithm": "ed25519",
            "signature": base64.b64encode(key.sign(manifest_bytes)).decode(),
        },
        indent=2,
    ).encode()
