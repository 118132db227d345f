"""Signing of bundle manifests: `<version>/manifest.sig` holds an Ed25519 signature of the exact
manifest.json bytes. The private key is the training side's secret (a PEM file the pipeline is
given); the scoring service holds only the public key and refuses unsigned or badly signed bundles,
so whoever can write the models bucket without the key cannot publish a model."""

import base64
import json
import os
import urllib.request
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import load_pem_private_key

SIGNATURE_FILE = "manifest.sig"
SIGNATURE_FORMAT = "antifraud.manifest-signature"
KEY_FILE_ENV = "MODEL_SIGNING_KEY_FILE"


# `--signing-key lockbox:<secret id>`: on the Data Processing cluster the key is read from Lockbox with
# the cluster's own service account (the program grants it lockbox.payloadViewer on that one secret),
# so the private key is never a file in a bucket nor a job argument.
LOCKBOX_PREFIX = "lockbox:"
LOCKBOX_ENTRY = "private_key_pem"


@dataclass(frozen=True)
class LockboxEndpoints:
    """Where the VM's IAM token and a secret's payload come from (tests point these at 127.0.0.1)."""

    token_url: str = "http://169.254.169.254/computeMetadata/v1/instance/service-accounts/default/token"
    payload_url: str = "https://payload.lockbox.api.cloud.yandex.net/lockbox/v1/secrets/{secret_id}/payload"


def _get_json(url: str, headers: dict[str, str], what: str) -> dict:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())
    except (OSError, ValueError) as error:
        raise ValueError(f"model signing key: could not read {what} from {url}: {error}") from error


def lockbox_text(secret_id: str, entry: str, endpoints: LockboxEndpoints) -> str:
    token = _get_json(endpoints.token_url, {"Metadata-Flavor": "Google"}, "the VM's IAM token")
    payload = _get_json(
        endpoints.payload_url.format(secret_id=secret_id),
        {"Authorization": f"Bearer {token['access_token']}"},
        f"Lockbox secret {secret_id}",
    )
    entries = {e.get("key"): e.get("textValue") for e in payload.get("entries", [])}
    if not entries.get(entry):
        raise ValueError(
            f"model signing key: Lockbox secret {secret_id} has no text entry {entry!r} "
            f"(entries: {sorted(k for k in entries if k)})"
        )
    return entries[entry]


def load_signing_key(path: str | None, endpoints: LockboxEndpoints | None = None) -> Ed25519PrivateKey:
    """The PEM (PKCS#8) Ed25519 private key at `path` (or $MODEL_SIGNING_KEY_FILE): a file, or
    `lockbox:<secret id>` for the entry `private_key_pem` of that Lockbox secret."""
    path = path or os.environ.get(KEY_FILE_ENV)
    if not path:
        raise ValueError(
            f"no model signing key: pass --signing-key FILE|lockbox:SECRET_ID or set {KEY_FILE_ENV}"
        )
    if path.startswith(LOCKBOX_PREFIX):
        pem = lockbox_text(
            path[len(LOCKBOX_PREFIX) :], LOCKBOX_ENTRY, endpoints or LockboxEndpoints()
        ).encode()
    else:
        with open(path, "rb") as f:
            pem = f.read()
    key = load_pem_private_key(pem, password=None)
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
