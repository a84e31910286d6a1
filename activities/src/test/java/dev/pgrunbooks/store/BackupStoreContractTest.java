package dev.pgrunbooks.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgrunbooks.testing.GeneratedStream;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link BackupStore} promises, run against each implementation by a subclass: large
 * streams of unknown length arrive intact, a failed or crashed upload leaves nothing behind, and keys
 * are relative to the store's prefix.
 */
abstract class BackupStoreContractTest {
  static final long MiB = 1024 * 1024;
  static final String DUMP = "orders/2026/11/orders-20261122T020000Z.dump";

  /** A unique prefix per test, so tests sharing a bucket never see each other's objects. */
  protected String prefix;
  protected BackupStore store;
  private final List<BackupStore> opened = new ArrayList<>();

  /** A store whose keys live under {@code prefix}; configured with 5 MiB parts where that applies. */
  protected abstract BackupStore newStore(String prefix);

  /** Leaves what a worker killed in the middle of uploading {@code key} would leave. */
  protected abstract void leaveCrashedUpload(String prefix, String key) throws Exception;

  /** Asserts no partial upload of {@code key} (temporary file, incomplete multipart upload) is left. */
  protected abstract void assertNoPartialUploadOf(String prefix, String key);

  @BeforeEach
  void openStore() {
    prefix = "t-" + UUID.randomUUID() + "/";
    store = open(prefix);
  }

  @AfterEach
  void closeStores() {
    opened.forEach(BackupStore::close);
  }

  protected BackupStore open(String storePrefix) {
    BackupStore s = newStore(storePrefix);
    closeLater(s);
    return s;
  }

  protected void closeLater(BackupStore s) {
    opened.add(s);
  }

  @Test
  void largeStreamOfUnknownLengthArrivesIntact() throws Exception {
    GeneratedStream data = GeneratedStream.of(42, 40 * MiB + 12345);
    List<Long> progress = new ArrayList<>();

    long stored = store.upload(DUMP, data, progress::add);

    assertThat(stored).isEqualTo(40 * MiB + 12345);
    assertThat(progress).isSorted().isNotEmpty().last().isEqualTo(stored);
    assertThat(store.stat(DUMP)).get().extracting(StoredObject::sizeBytes).isEqualTo(stored);
    assertThat(GeneratedStream.sha256Of(store.open(DUMP))).isEqualTo(data.sha256Hex());
    assertNoPartialUploadOf(prefix, DUMP);
  }

  @Test
  void smallAndEmptyStreamsArriveIntact() throws Exception {
    GeneratedStream small = GeneratedStream.of(7, 1000);
    assertThat(store.upload("small.dump", small, n -> {})).isEqualTo(1000);
    assertThat(GeneratedStream.sha256Of(store.open("small.dump"))).isEqualTo(small.sha256Hex());

    assertThat(store.upload("empty.dump", new ByteArrayInputStream(new byte[0]), n -> {})).isZero();
    assertThat(store.read("empty.dump")).isEmpty();
    assertThat(store.stat("empty.dump")).get().extracting(StoredObject::sizeBytes).isEqualTo(0L);
  }

  @Test
  void streamThatFailsHalfwayLeavesNothing() {
    assertThatThrownBy(() -> store.upload(DUMP, GeneratedStream.failingAfter(1, 12 * MiB), n -> {}))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(DUMP);

    assertThat(store.stat(DUMP)).isEmpty();
    assertThat(store.list("")).isEmpty();
    assertNoPartialUploadOf(prefix, DUMP);
  }

  @Test
  void failedUploadKeepsThePreviousCompleteObject() {
    store.put(DUMP, "previous".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> store.upload(DUMP, GeneratedStream.failingAfter(2, 7 * MiB), n -> {}))
        .isInstanceOf(StoreException.class);

    assertThat(new String(store.read(DUMP), StandardCharsets.UTF_8)).isEqualTo("previous");
    assertNoPartialUploadOf(prefix, DUMP);
  }

  @Test
  void retryAfterCrashedUploadLeavesExactlyOneCompleteObject() throws Exception {
    leaveCrashedUpload(prefix, DUMP);

    GeneratedStream data = GeneratedStream.of(3, 12 * MiB);
    store.upload(DUMP, data, n -> {});

    assertThat(store.list("")).extracting(StoredObject::key).containsExactly(DUMP);
    assertThat(GeneratedStream.sha256Of(store.open(DUMP))).isEqualTo(data.sha256Hex());
    assertNoPartialUploadOf(prefix, DUMP);
  }

  @Test
  void uploadReplacesWhatIsThere() throws Exception {
    store.upload(DUMP, GeneratedStream.of(4, 6 * MiB), n -> {});
    GeneratedStream second = GeneratedStream.of(5, 2 * MiB);
    store.upload(DUMP, second, n -> {});

    assertThat(store.list("")).singleElement().extracting(StoredObject::sizeBytes).isEqualTo(2 * MiB);
    assertThat(GeneratedStream.sha256Of(store.open(DUMP))).isEqualTo(second.sha256Hex());
  }

  @Test
  void createIfAbsentWritesOnlyOnce() {
    assertThat(store.createIfAbsent("t/claim.json", "first".getBytes(StandardCharsets.UTF_8))).isTrue();
    assertThat(store.createIfAbsent("t/claim.json", "second".getBytes(StandardCharsets.UTF_8))).isFalse();
    assertThat(new String(store.read("t/claim.json"), StandardCharsets.UTF_8)).isEqualTo("first");
    assertThat(store.list("t/")).extracting(StoredObject::key).containsExactly("t/claim.json");
  }

  @Test
  void putReadStatDelete() {
    byte[] manifest = "{\"verified\":true}".getBytes(StandardCharsets.UTF_8);
    store.put("orders/2026/11/a.manifest.json", manifest);

    assertThat(store.read("orders/2026/11/a.manifest.json")).isEqualTo(manifest);
    assertThat(store.stat("orders/2026/11/a.manifest.json")).get()
        .satisfies(o -> {
          assertThat(o.key()).isEqualTo("orders/2026/11/a.manifest.json");
          assertThat(o.sizeBytes()).isEqualTo(manifest.length);
          assertThat(o.lastModified()).isNotNull();
        });

    store.delete("orders/2026/11/a.manifest.json");
    assertThat(store.stat("orders/2026/11/a.manifest.json")).isEmpty();
    store.delete("orders/2026/11/a.manifest.json");
  }

  @Test
  void missingKeys() {
    assertThatThrownBy(() -> store.open("orders/missing.dump")).isInstanceOf(NoSuchObjectException.class)
        .hasMessageContaining("orders/missing.dump");
    assertThatThrownBy(() -> store.read("orders/missing.dump")).isInstanceOf(NoSuchObjectException.class);
    assertThat(store.stat("orders/missing.dump")).isEmpty();
    store.delete("orders/missing.dump");
    assertThat(store.list("orders/")).isEmpty();
  }

  @Test
  void listReturnsRelativeKeysUnderThePrefixInOrder() {
    store.put("orders/2026/11/b.dump", new byte[] {1});
    store.put("orders/2026/11/a.dump", new byte[] {1, 2});
    store.put("orders/2026/11/a.manifest.json", new byte[] {1, 2, 3});
    store.put("orders/reports/r.json", new byte[] {1, 2, 3, 4});
    store.put("ordersx/c.dump", new byte[] {1});

    assertThat(store.list("orders/2026/")).extracting(StoredObject::key)
        .containsExactly("orders/2026/11/a.dump", "orders/2026/11/a.manifest.json", "orders/2026/11/b.dump");
    assertThat(store.list("orders/")).hasSize(4);
    assertThat(store.list("")).hasSize(5);
    assertThat(store.list("orders/2026/11/a.dump")).singleElement()
        .satisfies(o -> assertThat(o.sizeBytes()).isEqualTo(2));
    assertThat(store.list("nothing/")).isEmpty();
  }

  @Test
  void storesWithDifferentPrefixesDoNotSeeEachOther() {
    BackupStore other = open(prefix + "other-prefix/");
    store.put("orders/x.json", "mine".getBytes(StandardCharsets.UTF_8));
    other.put("orders/x.json", "theirs".getBytes(StandardCharsets.UTF_8));

    assertThat(new String(store.read("orders/x.json"), StandardCharsets.UTF_8)).isEqualTo("mine");
    assertThat(new String(other.read("orders/x.json"), StandardCharsets.UTF_8)).isEqualTo("theirs");
    assertThat(other.list("")).extracting(StoredObject::key).containsExactly("orders/x.json");
    assertThat(store.list("orders/")).extracting(StoredObject::key).containsExactly("orders/x.json");

    other.delete("orders/x.json");
    assertThat(store.stat("orders/x.json")).isPresent();
  }
}
