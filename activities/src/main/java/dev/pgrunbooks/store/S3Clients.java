package dev.pgrunbooks.store;

import dev.pgrunbooks.config.StorageConfig;
import dev.pgrunbooks.config.UrlForDisplay;
import java.net.URI;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Builds the S3 client a {@link S3BackupStore} uses from {@code storage:}. Credentials always come
 * from the SDK's default provider chain (environment, system properties, profile, instance role),
 * never from our configuration, so no secret ever passes through it.
 */
final class S3Clients {
  private S3Clients() {}

  static S3Client sync(StorageConfig storage) {
    var builder = S3Client.builder()
        .region(Region.of(storage.region()))
        .forcePathStyle(storage.pathStyle());
    if (hasEndpoint(storage)) {
      builder.endpointOverride(endpointOf(storage));
    }
    return builder.build();
  }

  static boolean hasEndpoint(StorageConfig storage) {
    return storage.endpoint() != null && !storage.endpoint().isBlank();
  }

  private static URI endpointOf(StorageConfig storage) {
    try {
      URI uri = URI.create(storage.endpoint().trim());
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new IllegalArgumentException("no scheme or host");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new StoreException("storage.endpoint '" + UrlForDisplay.of(storage.endpoint())
          + "' is not a URL like http://127.0.0.1:9090; fix storage.endpoint", e);
    }
  }
}
