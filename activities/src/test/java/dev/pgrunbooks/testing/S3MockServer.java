package dev.pgrunbooks.testing;

import dev.pgrunbooks.config.StorageConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * S3Mock 5 (Adobe) in a child JVM started from its exec jar, for tests that need a real S3 API.
 * Start-up takes seconds, so share one per test class, either as an extension
 * <pre>
 *   &#64;RegisterExtension static final S3MockServer S3 = new S3MockServer();
 * </pre>
 * or by hand: {@code S3MockServer s3 = S3MockServer.started(); ... s3.close();}.
 *
 * <p>The jar is found through the system property {@code s3mock.jar}, else
 * {@code target/s3mock/s3mock-exec.jar} under the working directory (each module's build copies it
 * there), else {@code activities/target/s3mock/s3mock-exec.jar} from the project root. Its output goes
 * to {@code target/s3mock-<port>.log}.
 *
 * <p>S3Mock accepts any credentials. Since the stores use the AWS default credential chain, starting
 * the server sets the {@code aws.accessKeyId}/{@code aws.secretAccessKey} system properties to dummy
 * values (unless already set).
 */
public final class S3MockServer implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
  public static final String ACCESS_KEY = "s3mock-test-access-key";
  public static final String SECRET_KEY = "s3mock-test-secret-key";
  public static final String REGION = "us-east-1";
  /** A KMS key id S3Mock accepts (as {@code storage.kmsKeyId}), for tests of {@code sse: aws:kms}. */
  public static final String KMS_KEY_ID = "0f3d7ab7-ffb5-4a67-8e2b-0123456789ab";
  /** S3Mock registers valid KMS keys by ARN and then accepts their key id. */
  private static final String KMS_KEY_ARN = "arn:aws:kms:" + "us-east-1" + ":123456789012:key/" + KMS_KEY_ID;

  private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

  private Process process;
  private int port;
  private Path root;
  private Path log;
  private S3Client client;

  /** A server already started, for use outside JUnit's extension model. */
  public static S3MockServer started() {
    S3MockServer server = new S3MockServer();
    server.start();
    return server;
  }

  /** Starts the server unless it runs already; returns when it answers S3 requests. */
  public synchronized void start() {
    if (process != null) {
      return;
    }
    Path jar = findJar();
    useDummyCredentials();
    try {
      port = freePort();
      root = Files.createTempDirectory("s3mock-root-");
      Path logDir = Files.isDirectory(Path.of("target")) ? Path.of("target") : Path.of(System.getProperty("java.io.tmpdir"));
      log = logDir.resolve("s3mock-" + port + ".log").toAbsolutePath();
      List<String> command = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx512m",
          "-XX:+UseSerialGC",
          "-jar", jar.toString(),
          // S3Mock 5 serves https on server.port and plain http on http.port: https on a random
          // port nobody uses, http on the port we picked.
          "--server.port=0",
          "--http.port=" + port,
          "--com.adobe.testing.s3mock.store.root=" + root,
          "--com.adobe.testing.s3mock.store.retain-files-on-exit=false",
          "--com.adobe.testing.s3mock.store.region=" + REGION,
          "--com.adobe.testing.s3mock.store.valid-kms-keys=" + KMS_KEY_ARN,
          "--spring.main.banner-mode=off"));
      process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start S3Mock from " + jar, e);
    }
    Process started = process;
    Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, "s3mock-stop-" + port));
    awaitReady();
    client = S3Client.builder()
        .endpointOverride(URI.create(endpoint()))
        .region(Region.of(REGION))
        .forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .build();
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String endpoint() {
    requireStarted();
    return "http://127.0.0.1:" + port;
  }

  /** A client for checking what the code under test did (path-style, dummy credentials). */
  public S3Client client() {
    requireStarted();
    return client;
  }

  /** Creates the bucket; creating one that exists is fine. */
  public void createBucket(String name) {
    if (client().listBuckets().buckets().stream().noneMatch(b -> b.name().equals(name))) {
      client().createBucket(b -> b.bucket(name));
    }
  }

  /** {@code storage:} for a store in {@code bucket} on this server: SSE AES256, path style, 5 MiB parts. */
  public StorageConfig storageConfig(String bucket, String prefix) {
    return new StorageConfig(StorageConfig.S3, null, bucket, prefix, endpoint(), REGION, true, "AES256", null, 5);
  }

  /** Multipart uploads started and neither completed nor aborted, under {@code keyPrefix}. */
  public List<MultipartUpload> incompleteUploads(String bucket, String keyPrefix) {
    return client().listMultipartUploads(b -> b.bucket(bucket).prefix(keyPrefix)).uploads();
  }

  /** The log file S3Mock writes to. */
  public Path log() {
    return log;
  }

  @Override
  public synchronized void close() {
    if (client != null) {
      client.close();
      client = null;
    }
    if (process != null) {
      process.destroy();
      try {
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
      process = null;
    }
    deleteTree(root);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  private void awaitReady() {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("S3Mock exited with status " + process.exitValue() + " on start; see " + log);
      }
      if (answers()) {
        return;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    close();
    throw new IllegalStateException("S3Mock did not answer on port " + port + " within " + START_TIMEOUT + "; see " + log);
  }

  /** S3Mock answers ListBuckets on "/" once it is up (it accepts unsigned requests). */
  private boolean answers() {
    try {
      HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/").toURL().openConnection();
      connection.setConnectTimeout(1000);
      connection.setReadTimeout(5000);
      try {
        return connection.getResponseCode() == 200;
      } finally {
        connection.disconnect();
      }
    } catch (IOException e) {
      return false;
    }
  }

  private void requireStarted() {
    if (process == null) {
      throw new IllegalStateException("S3Mock is not started; call start() or register it as an extension");
    }
  }

  private static Path findJar() {
    String configured = System.getProperty("s3mock.jar");
    List<Path> candidates = new ArrayList<>();
    if (configured != null && !configured.isBlank()) {
      candidates.add(Path.of(configured));
    }
    candidates.add(Path.of("target", "s3mock", "s3mock-exec.jar"));
    candidates.add(Path.of("activities", "target", "s3mock", "s3mock-exec.jar"));
    candidates.add(Path.of("..", "activities", "target", "s3mock", "s3mock-exec.jar"));
    for (Path candidate : candidates) {
      if (Files.isRegularFile(candidate)) {
        return candidate.toAbsolutePath().normalize();
      }
    }
    throw new IllegalStateException("S3Mock exec jar not found (looked at " + candidates + " from "
        + Path.of("").toAbsolutePath() + "); run the module's build (generate-test-resources copies it)"
        + " or set -Ds3mock.jar=PATH");
  }

  private static void useDummyCredentials() {
    if (System.getProperty("aws.accessKeyId") == null) {
      System.setProperty("aws.accessKeyId", ACCESS_KEY);
      System.setProperty("aws.secretAccessKey", SECRET_KEY);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  private static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // A leftover temporary directory is harmless.
    }
  }
}
