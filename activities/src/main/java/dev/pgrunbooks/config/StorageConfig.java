package dev.pgrunbooks.config;

/**
 * Where backups are kept.
 *
 * @param type {@code local} or {@code s3}
 * @param path local only: the directory
 * @param prefix prepended to every key, e.g. {@code postgres/}
 * @param endpoint s3 only: any S3-compatible endpoint; omit for AWS
 * @param sse s3 only: {@code AES256} or {@code aws:kms} (then {@code kmsKeyId})
 * @param partSizeMiB s3 only: multipart part size; memory used by an upload is a small multiple of it
 */
public record StorageConfig(
    String type,
    String path,
    String bucket,
    String prefix,
    String endpoint,
    String region,
    Boolean pathStyle,
    String sse,
    String kmsKeyId,
    Integer partSizeMiB) {

  public static final String LOCAL = "local";
  public static final String S3 = "s3";

  public StorageConfig {
    type = type == null ? LOCAL : type;
    prefix = prefix == null ? "" : prefix;
    region = region == null ? "us-east-1" : region;
    pathStyle = pathStyle != null && pathStyle;
    partSizeMiB = partSizeMiB == null ? 16 : partSizeMiB;
  }

  public static StorageConfig defaults() {
    return new StorageConfig(LOCAL, "./var/backups", null, "", null, null, null, null, null, null);
  }
}
