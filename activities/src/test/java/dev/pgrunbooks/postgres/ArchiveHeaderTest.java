package dev.pgrunbooks.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The head of a custom-format archive, as pg_dump writes it (real archives are read in ClientToolsRestoreTest). */
class ArchiveHeaderTest {

  @Test
  void readsPgDumpsAndTheServersVersionFromAVersion115Head() throws IOException {
    byte[] head = head(new int[] {1, 15, 0}, "17.2", "16.6");

    ArchiveHeader read = ArchiveHeader.read(new ByteArrayInputStream(head)).orElseThrow();

    assertThat(read.pgDumpVersion()).isEqualTo("17.2");
    assertThat(read.pgDumpMajor()).isEqualTo("17");
    assertThat(read.serverVersion()).isEqualTo("16.6");
  }

  @Test
  void readsAnOlderHeadWhoseCompressionIsAnInt() throws IOException {
    byte[] head = head(new int[] {1, 14, 0}, "15.20", "15.20");

    assertThat(ArchiveHeader.read(new ByteArrayInputStream(head)).orElseThrow().pgDumpMajorNum()).isEqualTo(150000);
  }

  @Test
  void somethingElseOrACutShortHeadIsNotAnArchive() throws IOException {
    byte[] head = head(new int[] {1, 15, 0}, "17.2", "16.6");
    byte[] cut = java.util.Arrays.copyOf(head, head.length - 3);

    assertThat(ArchiveHeader.read(new ByteArrayInputStream("-- plain SQL".getBytes(StandardCharsets.UTF_8))))
        .isEmpty();
    assertThat(ArchiveHeader.read(new ByteArrayInputStream(cut))).isEmpty();
  }

  /** As pg_backup_archiver.c's WriteHead: 4-byte ints, each after a sign byte. */
  private static byte[] head(int[] version, String pgDump, String server) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("PGDMP".getBytes(StandardCharsets.US_ASCII));
    out.write(version[0]);
    out.write(version[1]);
    out.write(version[2]);
    out.write(4); // intSize
    out.write(8); // offSize
    out.write(1); // custom format
    if (version[1] >= 15) {
      out.write(0); // compression algorithm
    } else {
      writeInt(out, -1);
    }
    for (int field : new int[] {5, 4, 3, 22, 10, 126, 0}) {
      writeInt(out, field);
    }
    writeString(out, "orders");
    writeString(out, server);
    writeString(out, pgDump);
    return out.toByteArray();
  }

  private static void writeInt(ByteArrayOutputStream out, int value) {
    out.write(value < 0 ? 1 : 0);
    int magnitude = Math.abs(value);
    for (int i = 0; i < 4; i++) {
      out.write((magnitude >> (8 * i)) & 0xff);
    }
  }

  private static void writeString(ByteArrayOutputStream out, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    writeInt(out, bytes.length);
    out.writeBytes(bytes);
  }
}
