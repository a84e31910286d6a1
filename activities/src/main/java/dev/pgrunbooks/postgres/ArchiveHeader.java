package dev.pgrunbooks.postgres;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The head of a custom-format archive ({@code pg_dump -Fc}): which pg_dump wrote it and from which server.
 * It says which pg_restore can read the archive and which servers it restores into, before anything runs.
 * The layout is pg_backup_archiver.c's WriteHead: "PGDMP", the archive version (3 bytes), int and offset
 * sizes, format, compression, the creation time (7 ints), then the database name, the server's version
 * and pg_dump's version as strings; ints are a sign byte and {@code intSize} little-endian bytes.
 *
 * @param pgDumpVersion e.g. "15.20"
 * @param serverVersion the dumped server's version, e.g. "15.20"
 */
public record ArchiveHeader(String pgDumpVersion, int pgDumpVersionNum, String serverVersion) {
  private static final Pattern VERSION = Pattern.compile("^(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?");
  private static final int K_VERS_1_4 = version(1, 4, 0);
  private static final int K_VERS_1_7 = version(1, 7, 0);
  private static final int K_VERS_1_10 = version(1, 10, 0);
  private static final int K_VERS_1_15 = version(1, 15, 0);
  /** No header string is this long; a larger length means this is not an archive head. */
  private static final int MAX_STRING = 4096;

  /** "15", or "9.6". */
  public String pgDumpMajor() {
    return PgVersions.majorLabel(pgDumpVersionNum);
  }

  public int pgDumpMajorNum() {
    return PgVersions.majorNum(pgDumpVersionNum);
  }

  public static Optional<ArchiveHeader> read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Reads only the head; empty when this is not a custom-format archive from pg_dump 8.4 or later. */
  public static Optional<ArchiveHeader> read(InputStream stream) throws IOException {
    DataInputStream in = new DataInputStream(stream);
    try {
      byte[] magic = new byte[5];
      in.readFully(magic);
      if (!"PGDMP".equals(new String(magic, StandardCharsets.US_ASCII))) {
        return Optional.empty();
      }
      int archiveVersion = version(in.readUnsignedByte(), in.readUnsignedByte(), in.readUnsignedByte());
      if (archiveVersion < K_VERS_1_10) {
        return Optional.empty();
      }
      int intSize = in.readUnsignedByte();
      if (intSize < 1 || intSize > 8) {
        return Optional.empty();
      }
      if (archiveVersion >= K_VERS_1_7) {
        in.readUnsignedByte(); // offSize
      }
      in.readUnsignedByte(); // format
      if (archiveVersion >= K_VERS_1_15) {
        in.readUnsignedByte(); // compression algorithm
      } else if (archiveVersion >= K_VERS_1_4) {
        readInt(in, intSize); // compression level
      }
      for (int i = 0; i < 7; i++) {
        readInt(in, intSize); // creation time
      }
      readString(in, intSize); // database name
      String server = readString(in, intSize);
      String pgDump = readString(in, intSize);
      if (pgDump == null) {
        return Optional.empty();
      }
      Matcher m = VERSION.matcher(pgDump.strip());
      if (!m.find()) {
        return Optional.empty();
      }
      int major = Integer.parseInt(m.group(1));
      int minor = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
      int patch = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
      return Optional.of(new ArchiveHeader(m.group(), PgVersions.versionNum(major, minor, patch), server));
    } catch (EOFException | IllegalArgumentException truncated) {
      return Optional.empty();
    }
  }

  private static long readInt(DataInputStream in, int intSize) throws IOException {
    int sign = in.readUnsignedByte();
    long value = 0;
    for (int i = 0; i < intSize; i++) {
      value |= (long) in.readUnsignedByte() << (8 * i);
    }
    return sign == 0 ? value : -value;
  }

  private static String readString(DataInputStream in, int intSize) throws IOException {
    long length = readInt(in, intSize);
    if (length < 0) {
      return null;
    }
    if (length > MAX_STRING) {
      throw new IllegalArgumentException("not an archive head");
    }
    byte[] bytes = new byte[(int) length];
    in.readFully(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static int version(int major, int minor, int revision) {
    return (major << 16) | (minor << 8) | revision;
  }
}
