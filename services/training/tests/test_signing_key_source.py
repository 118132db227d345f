"""`--signing-key lockbox:<id>`: the key read with the VM's IAM token from a Lockbox secret's payload,
against a stand-in of the metadata service and the Lockbox payload API on 127.0.0.1."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from antifraud_training.export.signing import LOCKBOX_ENTRY, LockboxEndpoints, load_signing_key

TOKEN = "t1.iam-token"
SECRET = "e6q0signingkey"


class FakeCloud(BaseHTTPRequestHandler):
    entries: ClassVar[list[dict]] = []
    seen: ClassVar[list[tuple[str, dict]]] = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        type(self).seen.append((self.path, dict(self.headers)))
        if self.path == "/token" and self.headers.get("Metadata-Flavor") == "Google":
            body = {"access_token": TOKEN, "expires_in": 3600, "token_type": "Bearer"}
        elif self.path == f"/lockbox/v1/secrets/{SECRET}/payload":
            if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                self.send_response(403)
                self.end_headers()
                return
            body = {"entries": type(self).entries, "versionId": "v1"}
        else:
            self.send_response(404)
            self.end_headers()
            return
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def cloud():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeCloud)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeCloud.seen = []
    base = f"http://127.0.0.1:{server.server_port}"
    yield LockboxEndpoints(
        token_url=f"{base}/token", payload_url=base + "/lockbox/v1/secrets/{secret_id}/payload"
    )
    server.shutdown()
    server.server_close()


def pem(key: Ed25519PrivateKey) -> str:
    return key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()).decode()


def raw_public(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def test_the_key_is_the_secrets_entry_read_with_the_vms_token(cloud):
    key = Ed25519PrivateKey.generate()
    FakeCloud.entries = [{"key": "other", "textValue": "x"}, {"key": LOCKBOX_ENTRY, "textValue": pem(key)}]
    loaded = load_signing_key(f"lockbox:{SECRET}", cloud)
    assert raw_public(loaded) == raw_public(key)
    assert [path for path, _ in FakeCloud.seen] == ["/token", f"/lockbox/v1/secrets/{SECRET}/payload"]


def test_a_secret_without_the_entry_is_refused_naming_what_it_holds(cloud):
    FakeCloud.entries = [{"key": "pem", "textValue": "x"}]
    with pytest.raises(
        ValueError,
        match=rf"Lockbox secret {SECRET} has no text entry 'private_key_pem' \(entries: \['pem'\]\)",
    ):
        load_signing_key(f"lockbox:{SECRET}", cloud)


def test_a_refused_read_names_the_secret_and_the_address(cloud):
    with pytest.raises(
        ValueError, match=r"could not read Lockbox secret other-secret from http://127\.0\.0\.1:\d+/"
    ):
        load_signing_key("lockbox:other-secret", cloud)


def test_a_file_path_is_still_read_as_a_file(tmp_path):
    key = Ed25519PrivateKey.generate()
    (tmp_path / "k.pem").write_text(pem(key))
    assert raw_public(load_signing_key(str(tmp_path / "k.pem"))) == raw_public(key)
