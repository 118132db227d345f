"""Small files (JSON, ONNX, HTML, PNG) on a local directory or a Hadoop URI such as s3a://bucket/prefix.

Spark writes the big tables itself; this covers what the driver writes. Hadoop URIs go through the
JVM FileSystem of the running Spark session, so s3a credentials and the Object Storage endpoint are
whatever the cluster is configured with.
"""

import os
import uuid
from pathlib import Path
from typing import Protocol

from pyspark.sql import SparkSession

OBJECT_STORE_SCHEMES = frozenset({"s3a", "s3", "s3n", "gs", "wasb", "abfs"})


class Storage(Protocol):
    def join(self, root: str, *parts: str) -> str: ...
    def read_bytes(self, path: str) -> bytes: ...
    def write_bytes(self, path: str, data: bytes) -> None: ...
    def exists(self, path: str) -> bool: ...
    def write_atomically(self, path: str, data: bytes) -> None: ...


def is_uri(path: str) -> bool:
    return "://" in path and not path.startswith("file://")


def local_path(path: str) -> str:
    return path[len("file://") :] if path.startswith("file://") else path


class LocalStorage:
    def join(self, root: str, *parts: str) -> str:
        return str(Path(local_path(root), *parts))

    def read_bytes(self, path: str) -> bytes:
        return Path(path).read_bytes()

    def write_bytes(self, path: str, data: bytes) -> None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_bytes(data)

    def exists(self, path: str) -> bool:
        return Path(path).exists()

    def write_atomically(self, path: str, data: bytes) -> None:
        """Readers see the old file or the new one, never a partial one (rename is atomic on POSIX)."""
        temp = f"{path}.tmp-{uuid.uuid4().hex}"
        self.write_bytes(temp, data)
        os.replace(temp, path)


class HadoopStorage:
    def __init__(self, spark: SparkSession) -> None:
        self._jvm = spark.sparkContext._jvm
        self._gateway = spark.sparkContext._gateway
        self._conf = spark.sparkContext._jsc.hadoopConfiguration()

    def _path(self, path: str):
        return self._jvm.org.apache.hadoop.fs.Path(path)

    def _fs(self, path: str):
        return self._path(path).getFileSystem(self._conf)

    def join(self, root: str, *parts: str) -> str:
        return "/".join([root.rstrip("/"), *parts])

    def read_bytes(self, path: str) -> bytes:
        stream = self._fs(path).open(self._path(path))
        try:
            return bytes(self._jvm.org.apache.commons.io.IOUtils.toByteArray(stream))
        finally:
            stream.close()

    def write_bytes(self, path: str, data: bytes) -> None:
        stream = self._fs(path).create(self._path(path), True)
        try:
            stream.write(bytearray(data))
        finally:
            stream.close()

    def exists(self, path: str) -> bool:
        return bool(self._fs(path).exists(self._path(path)))

    def write_atomically(self, path: str, data: bytes) -> None:
        """An object store publishes an object only once its single upload completes, so one PUT is
        already atomic there; other Hadoop file systems get temp + rename with OVERWRITE."""
        if path.split("://", 1)[0] in OBJECT_STORE_SCHEMES:
            self.write_bytes(path, data)
            return
        temp = f"{path}.tmp-{uuid.uuid4().hex}"
        self.write_bytes(temp, data)
        rename_options = self._gateway.new_array(self._jvm.org.apache.hadoop.fs.Options.Rename, 1)
        rename_options[0] = self._jvm.org.apache.hadoop.fs.Options.Rename.OVERWRITE
        context = self._jvm.org.apache.hadoop.fs.FileContext.getFileContext(
            self._path(path).toUri(), self._conf
        )
        context.rename(self._path(temp), self._path(path), rename_options)


def storage_for(path: str, spark: SparkSession | None = None) -> Storage:
    if not is_uri(path):
        return LocalStorage()
    if spark is None:
        raise ValueError(f"{path} is a Hadoop URI: a Spark session is needed to reach it")
    return HadoopStorage(spark)
