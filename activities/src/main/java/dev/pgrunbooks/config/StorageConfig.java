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
 * @see ConfigKey defaults, allowed values and documentation of every key
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
    type = type == null ? ConfigKey.STORAGE_TYPE.defaultText() : type;
    // Any local store without a path gets the default one, also when a storage: block is given.
    path = path == null && LOCAL.equals(type) ? ConfigKey.STORAGE_PATH.defaultText() : path;
    prefix = prefix == null ? ConfigKey.STORAGE_PREFIX.defaultText() : prefix;
    region = region == null ? ConfigKey.STORAGE_REGION.defaultText() : region;
    pathStyle = pathStyle == null ? ConfigKey.STORAGE_PATH_STYLE.defaultFlag() : pathStyle;
    partSizeMiB = partSizeMiB == null ? ConfigKey.STORAGE_PART_SIZE_MIB.defaultInt() : partSizeMiB;
  }

  public static StorageConfig defaults() {
    return new StorageConfig(null, null, null, null, null, null, null, null, null, null);
  }
}
