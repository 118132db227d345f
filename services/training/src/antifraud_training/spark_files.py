"""File operations on what Spark wrote (local folder or s3a:// URI), through the JVM's Hadoop FileSystem:
bytes stay in the JVM, nothing crosses into Python."""

from pyspark.sql import SparkSession


def _fs(spark: SparkSession, path: str):
    jvm = spark.sparkContext._jvm
    hadoop_path = jvm.org.apache.hadoop.fs.Path(path)
    fs = hadoop_path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    # The local file system keeps a hidden .crc beside every file; moving through the raw one leaves
    # those in the folder that is deleted afterwards instead of next to the published file.
    if fs.getUri().getScheme() == "file":
        fs = fs.getRawFileSystem()
    return fs, hadoop_path


def part_files(spark: SparkSession, folder: str) -> list[str]:
    """Data files Spark wrote into `folder` (part-*), sorted."""
    fs, path = _fs(spark, folder)
    names = [str(status.getPath().toString()) for status in fs.listStatus(path)]
    return sorted(n for n in names if n.rsplit("/", 1)[-1].startswith("part-"))


def sha256_and_size(spark: SparkSession, path: str) -> tuple[str, int]:
    jvm = spark.sparkContext._jvm
    fs, hadoop_path = _fs(spark, path)
    digest = jvm.java.security.MessageDigest.getInstance("SHA-256")
    stream = jvm.java.security.DigestInputStream(fs.open(hadoop_path), digest)
    try:
        size = jvm.org.apache.commons.io.IOUtils.consume(stream)
    finally:
        stream.close()
    return bytes(digest.digest()).hex(), int(size)


def move(spark: SparkSession, source: str, target: str) -> None:
    """Replaces `target` with `source` (a rename locally and on HDFS, a server-side copy on S3)."""
    fs, source_path = _fs(spark, source)
    _, target_path = _fs(spark, target)
    fs.delete(target_path, False)
    if not fs.rename(source_path, target_path):
        raise OSError(f"could not move {source} to {target}")


def delete(spark: SparkSession, path: str) -> None:
    fs, hadoop_path = _fs(spark, path)
    fs.delete(hadoop_path, True)
