"""One local Spark for the whole test session (start-up is the expensive part)."""

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from pyspark.sql import SparkSession

from antifraud_training.session import build_session


@pytest.fixture(scope="session")
def spark() -> SparkSession:
    session = build_session(
        "antifraud-tests",
        master="local[2]",
        shuffle_partitions=2,
        ui=False,
        settings={"spark.driver.memory": "2g"},
    )
    yield session
    session.stop()


@pytest.fixture(scope="session", autouse=True)
def signing_key(tmp_path_factory) -> Ed25519PrivateKey:
    """A throwaway model signing key for the session, handed to the jobs as production does (a key
    file named by MODEL_SIGNING_KEY_FILE); never written to the repository."""
    key = Ed25519PrivateKey.generate()
    path = tmp_path_factory.mktemp("signing") / "model-signing.pem"
    path.write_bytes(key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()))
    patch = pytest.MonkeyPatch()
    patch.setenv("MODEL_SIGNING_KEY_FILE", str(path))
    yield key
    patch.undo()
