"""The model registry on a models root: <root>/<version>/ bundles and <root>/champion.json, the pointer
to the version in service (format in services/training/README.md)."""

import hashlib
import json
from datetime import UTC, datetime

from antifraud_training.storage import Storage

CHAMPION_FILE = "champion.json"
CHAMPION_FORMAT = "antifraud.champion"
MANIFEST_FILE = "manifest.json"
MODEL_FILE = "model.onnx"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_champion(storage: Storage, models_root: str) -> dict | None:
    path = storage.join(models_root, CHAMPION_FILE)
    return json.loads(storage.read_bytes(path)) if storage.exists(path) else None


def load_bundle(storage: Storage, models_root: str, version: str) -> tuple[dict, bytes]:
    """Manifest and ONNX bytes of a bundle, refusing a model whose checksum does not match."""
    manifest = json.loads(storage.read_bytes(storage.join(models_root, version, MANIFEST_FILE)))
    model = storage.read_bytes(storage.join(models_root, version, MODEL_FILE))
    expected = manifest["files"][MODEL_FILE]["sha256"]
    if sha256(model) != expected:
        raise ValueError(f"bundle {version}: model.onnx sha256 {sha256(model)} != manifest {expected}")
    return manifest, model


def champion_document(
    manifest: dict,
    manifest_bytes: bytes,
    reason: str,
    previous: dict | None,
    promoted_at: datetime | None = None,
) -> dict:
    return {
        "format": CHAMPION_FORMAT,
        "format_version": 1,
        "version": manifest["version"],
        "manifest": f"{manifest['version']}/{MANIFEST_FILE}",
        "manifest_sha256": sha256(manifest_bytes),
        "model": f"{manifest['version']}/{MODEL_FILE}",
        "model_sha256": manifest["files"][MODEL_FILE]["sha256"],
        "feature_spec_version": manifest["feature_spec_version"],
        "threshold": manifest["threshold"]["value"],
        "promoted_at": (promoted_at or datetime.now(UTC)).isoformat(timespec="seconds"),
        "reason": reason,
        "previous_version": previous["version"] if previous else None,
    }


def promote(storage: Storage, models_root: str, document: dict) -> None:
    storage.write_atomically(
        storage.join(models_root, CHAMPION_FILE), json.dumps(document, indent=2).encode()
    )
