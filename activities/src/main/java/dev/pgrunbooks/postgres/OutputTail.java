package dev.pgrunbooks.postgres;

import java.nio.charset.StandardCharsets;

/**
 * The last few KiB a child process wrote: enough for its error message, bounded so a chatty program
 * cannot fill the worker's memory. Its text has row data redacted ({@link RowDataRedaction}); a line
 * cut by the bound is dropped, since a cut line can no longer be recognised as row data.
 */
public final class OutputTail {
  private final byte[] ring;
  private long written;

  public OutputTail(int capacity) {
    this.ring = new byte[capacity];
  }

  public synchronized void append(byte[] data, int off, int len) {
    for (int i = 0; i < len; i++) {
      ring[(int) (written++ % ring.length)] = data[off + i];
    }
  }

  public synchronized String text() {
    int size = (int) Math.min(written, ring.length);
    byte[] out = new byte[size];
    int start = (int) ((written - size) % ring.length);
    for (int i = 0; i < size; i++) {
      out[i] = ring[(start + i) % ring.length];
    }
    String text = new String(out, StandardCharsets.UTF_8);
    if (written > ring.length) {
      int newline = text.indexOf('\n');
      text = newline < 0 ? "" : text.substring(newline + 1);
    }
    text = RowDataRedaction.redact(text.strip());
    return written > ring.length ? "…" + text : text;
  }
}
