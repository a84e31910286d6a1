package dev.pgrunbooks.testing;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * A stream of pseudo-random bytes of a length its reader cannot know in advance (like a pipe from
 * {@code pg_dump}): {@link #available()} says nothing and reads return uneven amounts. It computes the
 * SHA-256 of what it handed out, and can fail part-way like a dump process that dies.
 */
public final class GeneratedStream extends InputStream {
  private final SplittableRandom random;
  private final long length;
  private final long failAfter;
  private final MessageDigest sha256;
  private long position;

  private GeneratedStream(long seed, long length, long failAfter) {
    this.random = new SplittableRandom(seed);
    this.length = length;
    this.failAfter = failAfter;
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code length} bytes, then end of stream. */
  public static GeneratedStream of(long seed, long length) {
    return new GeneratedStream(seed, length, -1);
  }

  /** Throws an {@link IOException} once {@code failAfter} bytes have been read. */
  public static GeneratedStream failingAfter(long seed, long failAfter) {
    return new GeneratedStream(seed, Long.MAX_VALUE, failAfter);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (failAfter >= 0 && position >= failAfter) {
      throw new IOException("generated stream broken after " + position + " bytes (simulated dump failure)");
    }
    if (position >= length) {
      return -1;
    }
    if (len == 0) {
      return 0;
    }
    // Uneven reads, as from a pipe: between 1 byte and len, at most 64 KiB.
    int n = (int) Math.min(Math.min(len, 1 + random.nextInt(64 * 1024)), length - position);
    if (failAfter >= 0) {
      n = (int) Math.min(n, failAfter - position);
    }
    for (int i = 0; i < n; i += 8) {
      long word = random.nextLong();
      for (int j = i; j < Math.min(n, i + 8); j++) {
        b[off + j] = (byte) word;
        word >>>= 8;
      }
    }
    sha256.update(b, off, n);
    position += n;
    return n;
  }

  @Override
  public int available() {
    return 0;
  }

  /** Bytes handed out so far. */
  public long position() {
    return position;
  }

  /** SHA-256 (hex) of the bytes handed out; call once, after the stream ended. */
  public String sha256Hex() {
    return HexFormat.of().formatHex(sha256.digest());
  }

  /** SHA-256 (hex) of what {@code in} yields until its end; closes it. */
  public static String sha256Of(InputStream in) throws IOException {
    try (in) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
