package dev.pgrunbooks.backup;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.LongConsumer;

/** Computes SHA-256 and counts bytes of everything read through it, reporting each chunk. */
public final class DigestingInputStream extends FilterInputStream {
  private final MessageDigest sha256;
  private final LongConsumer onBytes;
  private long count;
  private String hex;

  public DigestingInputStream(InputStream in, LongConsumer onBytes) {
    super(in);
    this.onBytes = onBytes;
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      sha256.update((byte) b);
      counted(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int off, int len) throws IOException {
    int n = in.read(buffer, off, len);
    if (n > 0) {
      sha256.update(buffer, off, n);
      counted(n);
    }
    return n;
  }

  /** Skipped bytes would be missing from the digest: read them instead. */
  @Override
  public long skip(long n) throws IOException {
    byte[] buffer = new byte[(int) Math.min(8192, Math.max(n, 1))];
    long skipped = 0;
    while (skipped < n) {
      int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public synchronized void mark(int readlimit) {}

  @Override
  public synchronized void reset() throws IOException {
    throw new IOException("mark/reset not supported");
  }

  public long count() {
    return count;
  }

  /** Lower-case hex SHA-256 of everything read; call once reading is done. */
  public String sha256Hex() {
    if (hex == null) {
      hex = HexFormat.of().formatHex(sha256.digest());
    }
    return hex;
  }

  private void counted(int n) {
    count += n;
    onBytes.accept(n);
  }
}
