package dev.pgrunbooks.store;

import dev.pgrunbooks.config.ConfigKey;
import dev.pgrunbooks.config.StorageConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * A backup store in an S3 bucket (AWS or any S3-compatible endpoint). Large uploads are multipart
 * uploads, which S3 makes visible only when completed, so a reader never sees half a dump; a failed or
 * crashed upload is aborted (now, or by the next upload of the same key) so no parts are left to pay for.
 */
public final class S3BackupStore implements BackupStore {
  private static final long MiB = 1024 * 1024;
  /** S3's smallest part and what the worker's memory allows: the configuration's one range. */
  private static final int MIN_PART_MIB = ConfigKey.STORAGE_PART_SIZE_MIB.range().min();
  private static final int MAX_PART_MIB = ConfigKey.STORAGE_PART_SIZE_MIB.range().max();
  /** S3 allows at most this many parts in one upload. */
  private static final int MAX_PARTS = 10_000;

  private final StorageConfig storage;
  private final String bucket;
  private final String prefix;
  private final long partSize;
  private final ServerSideEncryption sse;
  private final String kmsKeyId;
  private final S3Client s3;

  public S3BackupStore(StorageConfig storage) {
    if (storage.bucket() == null || storage.bucket().isBlank()) {
      throw new StoreException("storage.bucket is not set; name the bucket that holds the backups");
    }
    if (storage.partSizeMiB() < MIN_PART_MIB || storage.partSizeMiB() > MAX_PART_MIB) {
      throw new StoreException("storage.partSizeMiB is " + storage.partSizeMiB() + "; use " + MIN_PART_MIB
          + " to " + MAX_PART_MIB + " (S3's smallest part is 5 MiB; an upload holds one part in memory)");
    }
    this.storage = storage;
    this.bucket = storage.bucket();
    this.prefix = storage.prefix();
    this.partSize = storage.partSizeMiB() * MiB;
    this.sse = encryptionOf(storage.sse());
    this.kmsKeyId = sse == ServerSideEncryption.AWS_KMS ? blankToNull(storage.kmsKeyId()) : null;
    this.s3 = S3Clients.sync(storage);
  }

  @Override
  public String describe() {
    String where = "s3://" + bucket + "/" + prefix;
    return S3Clients.hasEndpoint(storage) ? where + " at " + endpointForMessages() : where;
  }

  @Override
  public void checkReachable() {
    try {
      s3.headBucket(b -> b.bucket(bucket));
    } catch (S3Exception e) {
      throw switch (e.statusCode()) {
        case 404 -> new StoreException("bucket " + bucket + " does not exist at " + endpointForMessages()
            + "; create it or fix storage.bucket", e);
        case 403 -> new StoreException("access to bucket " + bucket + " at " + endpointForMessages()
            + " is denied for the credentials found by the AWS default credential chain; grant them"
            + " s3:ListBucket and s3:ListBucketMultipartUploads on the bucket and s3:GetObject, s3:PutObject,"
            + " s3:DeleteObject and s3:AbortMultipartUpload on its objects (README: IAM policy), or run the worker"
            + " with other credentials", e);
        case 301, 400 -> new StoreException("bucket " + bucket + " at " + endpointForMessages()
            + " answered " + e.statusCode() + " (" + errorCodeOf(e) + "); check storage.region ("
            + storage.region() + ") and storage.pathStyle", e);
        default -> new StoreException("bucket " + bucket + " at " + endpointForMessages()
            + " cannot be used: " + e.getMessage(), e);
      };
    } catch (SdkClientException e) {
      throw clientProblem("cannot reach bucket " + bucket, e);
    }
  }

  /**
   * Multipart upload done by hand with the synchronous client and one reused part buffer, so memory is
   * one part whatever the dump's size. Why not the SDK's own multipart support (S3AsyncClient with
   * multipartEnabled and AsyncRequestBody.forBlockingInputStream(null))? With SDK 2.55.16 against
   * S3Mock 5.2.0 it hung for good in writeInputStream on streams of three parts or more; and doing it
   * here also keeps the reading, and so the progress callback (an activity heartbeat), on the caller's
   * thread, and makes the abort on failure explicit.
   */
  @Override
  public long upload(String key, InputStream data, LongConsumer progress) {
    String fullKey = fullKey(key);
    abortIncompleteUploads(fullKey);
    byte[] part = new byte[Math.toIntExact(partSize)];
    String uploadId = null;
    long total = 0;
    try {
      int filled = readPart(data, part);
      total += filled;
      if (filled < part.length) {
        // The whole stream fits in one part: one PutObject is just as atomic.
        s3.putObject(putRequest(fullKey), bodyOf(part, filled));
        progress.accept(total);
        return total;
      }
      uploadId = startMultipart(fullKey);
      List<CompletedPart> parts = new ArrayList<>();
      while (filled > 0) {
        parts.add(uploadPart(fullKey, uploadId, parts.size() + 1, part, filled));
        progress.accept(total);
        filled = readPart(data, part);
        total += filled;
      }
      String id = uploadId;
      s3.completeMultipartUpload(b -> b.bucket(bucket).key(fullKey).uploadId(id)
          .multipartUpload(m -> m.parts(parts)));
      uploadId = null;
      return total;
    } catch (IOException e) {
      throw new StoreException("upload of " + key + " to " + describe() + " failed after at least " + total
          + " bytes because reading the data failed: " + e.getMessage() + "; nothing new was stored", e);
    } catch (SdkException e) {
      throw failure("upload of " + key, e);
    } finally {
      if (uploadId != null) {
        abortQuietly(fullKey, uploadId);
      }
    }
  }

  private String startMultipart(String fullKey) {
    var request = CreateMultipartUploadRequest.builder().bucket(bucket).key(fullKey)
        .checksumAlgorithm(ChecksumAlgorithm.CRC32);
    if (sse != null) {
      request.serverSideEncryption(sse).ssekmsKeyId(kmsKeyId);
    }
    return s3.createMultipartUpload(request.build()).uploadId();
  }

  private CompletedPart uploadPart(String fullKey, String uploadId, int number, byte[] part, int length) {
    if (number > MAX_PARTS) {
      throw new StoreException("upload of " + fullKey.substring(prefix.length()) + " to " + describe()
          + " needs more than " + MAX_PARTS + " parts of " + storage.partSizeMiB() + " MiB; raise storage.partSizeMiB");
    }
    UploadPartResponse response = s3.uploadPart(b -> b.bucket(bucket).key(fullKey).uploadId(uploadId)
        .partNumber(number).contentLength((long) length).checksumAlgorithm(ChecksumAlgorithm.CRC32),
        bodyOf(part, length));
    return CompletedPart.builder().partNumber(number).eTag(response.eTag())
        .checksumCRC32(response.checksumCRC32()).build();
  }

  /** A body over the buffer without copying it; each (re)try of the request reads it afresh. */
  private static RequestBody bodyOf(byte[] buffer, int length) {
    return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, length), length,
        "application/octet-stream");
  }

  /** Fills {@code part} from the stream; fewer bytes only at its end. */
  private static int readPart(InputStream in, byte[] part) throws IOException {
    int filled = 0;
    while (filled < part.length) {
      int n = in.read(part, filled, part.length - filled);
      if (n < 0) {
        break;
      }
      filled += n;
    }
    return filled;
  }

  private void abortQuietly(String fullKey, String uploadId) {
    // An activity cancelled mid-upload arrives here interrupted, and the SDK refuses to send anything
    // from an interrupted thread: set the flag aside for the abort, then restore it.
    boolean interrupted = Thread.interrupted();
    try {
      s3.abortMultipartUpload(b -> b.bucket(bucket).key(fullKey).uploadId(uploadId));
    } catch (SdkException e) {
      // Could not abort now (S3 unreachable?): the next upload of this key aborts it.
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void put(String key, byte[] content) {
    try {
      s3.putObject(putRequest(fullKey(key)), RequestBody.fromBytes(content));
    } catch (SdkException e) {
      throw failure("write of " + key, e);
    }
  }

  @Override
  public boolean createIfAbsent(String key, byte[] content) {
    try {
      // If-None-Match: * makes S3 refuse (412) a write over an existing object, atomically.
      s3.putObject(putRequest(fullKey(key)).toBuilder().ifNoneMatch("*").build(), RequestBody.fromBytes(content));
      return true;
    } catch (S3Exception e) {
      if (e.statusCode() == 412 || e.statusCode() == 409) {
        return false;
      }
      throw failure("write of " + key, e);
    } catch (SdkException e) {
      throw failure("write of " + key, e);
    }
  }

  @Override
  public InputStream open(String key) {
    try {
      return s3.getObject(b -> b.bucket(bucket).key(fullKey(key)));
    } catch (NoSuchKeyException e) {
      throw new NoSuchObjectException(describe(), key);
    } catch (S3Exception e) {
      if (e.statusCode() == 404 && !"NoSuchBucket".equals(errorCodeOf(e))) {
        throw new NoSuchObjectException(describe(), key);
      }
      throw failure("read of " + key, e);
    } catch (SdkException e) {
      throw failure("read of " + key, e);
    }
  }

  @Override
  public byte[] read(String key) {
    try (InputStream in = open(key)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new StoreException("read of " + key + " from " + describe() + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<StoredObject> stat(String key) {
    try {
      HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(fullKey(key)));
      return Optional.of(new StoredObject(key, head.contentLength(), head.lastModified()));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      // HEAD responses have no body, so a missing bucket also looks like a plain 404 here.
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw failure("stat of " + key, e);
    } catch (SdkException e) {
      throw failure("stat of " + key, e);
    }
  }

  @Override
  public List<StoredObject> list(String keyPrefix) {
    List<StoredObject> objects = new ArrayList<>();
    try {
      for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix + keyPrefix)).contents()) {
        objects.add(new StoredObject(o.key().substring(prefix.length()), o.size(), o.lastModified()));
      }
    } catch (SdkException e) {
      throw failure("listing of " + keyPrefix, e);
    }
    objects.sort(Comparator.comparing(StoredObject::key));
    return objects;
  }

  @Override
  public void delete(String key) {
    String fullKey = fullKey(key);
    try {
      s3.deleteObject(b -> b.bucket(bucket).key(fullKey)); // S3 deletes are idempotent
    } catch (SdkException e) {
      throw failure("delete of " + key, e);
    }
    abortIncompleteUploadsQuietly(fullKey);
  }

  @Override
  public void close() {
    s3.close();
  }

  private PutObjectRequest putRequest(String fullKey) {
    var request = PutObjectRequest.builder().bucket(bucket).key(fullKey);
    if (sse != null) {
      request.serverSideEncryption(sse).ssekmsKeyId(kmsKeyId);
    }
    return request.build();
  }

  /**
   * A worker that crashed mid-upload left a multipart upload whose parts S3 keeps (and bills) until
   * aborted. Only uploads of exactly this key are touched: the listing prefix also matches longer keys.
   */
  private void abortIncompleteUploads(String fullKey) {
    try {
      for (MultipartUpload upload : s3.listMultipartUploadsPaginator(b -> b.bucket(bucket).prefix(fullKey)).uploads()) {
        if (upload.key().equals(fullKey)) {
          s3.abortMultipartUpload(b -> b.bucket(bucket).key(fullKey).uploadId(upload.uploadId()));
        }
      }
    } catch (SdkException e) {
      throw failure("cleanup of earlier incomplete uploads of " + fullKey.substring(prefix.length()), e);
    }
  }

  private void abortIncompleteUploadsQuietly(String fullKey) {
    try {
      abortIncompleteUploads(fullKey);
    } catch (StoreException e) {
      // The next upload of this key aborts it again; the original failure is what the caller must see.
    }
  }

  private String fullKey(String key) {
    if (key == null || key.isBlank() || key.startsWith("/") || ("/" + key + "/").contains("/../")) {
      throw new StoreException("key " + key + " is outside the store " + describe());
    }
    return prefix + key;
  }

  private StoreException failure(String what, Throwable e) {
    if (e instanceof SdkClientException client) {
      return clientProblem(what + " in " + describe() + " failed", client);
    }
    if (e instanceof S3Exception s3e && "NoSuchBucket".equals(errorCodeOf(s3e))) {
      return new StoreException(what + " failed: bucket " + bucket + " does not exist at "
          + endpointForMessages() + "; create it or fix storage.bucket", e);
    }
    if (e instanceof S3Exception s3e && s3e.statusCode() == 403) {
      return new StoreException(what + " in " + describe() + " was denied (" + errorCodeOf(s3e)
          + "); grant the worker's AWS credentials access to bucket " + bucket, e);
    }
    return new StoreException(what + " in " + describe() + " failed: " + e.getMessage(), e);
  }

  private StoreException clientProblem(String what, SdkClientException e) {
    String message = String.valueOf(e.getMessage());
    if (message.contains("Unable to load credentials")) {
      return new StoreException(what + ": no AWS credentials found; give the worker credentials the AWS"
          + " default chain finds (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or an instance role)", e);
    }
    return new StoreException(what + ": " + endpointForMessages() + " cannot be reached (" + message
        + "); check storage.endpoint, storage.region and the network", e);
  }

  /** The endpoint without any user info, or the AWS region when no endpoint is configured. */
  private String endpointForMessages() {
    if (!S3Clients.hasEndpoint(storage)) {
      return "AWS S3 region " + storage.region();
    }
    try {
      URI uri = URI.create(storage.endpoint().trim());
      return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
    } catch (Exception e) {
      return "the configured storage.endpoint";
    }
  }

  private static String errorCodeOf(S3Exception e) {
    return e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
  }

  private static ServerSideEncryption encryptionOf(String sse) {
    if (sse == null || sse.isBlank()) {
      return null;
    }
    return switch (sse.trim()) {
      case "AES256" -> ServerSideEncryption.AES256;
      case "aws:kms" -> ServerSideEncryption.AWS_KMS;
      default -> throw new StoreException("storage.sse '" + sse + "' is not supported; use AES256 or aws:kms");
    };
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
