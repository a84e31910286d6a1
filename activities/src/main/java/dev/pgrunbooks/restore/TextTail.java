package dev.pgrunbooks.restore;

import java.nio.charset.StandardCharsets;

/** The last few KiB of a program's output: enough for an error message, bounded in memory. */
final class TextTail {
  private final byte[] ring;
  private long written;

  TextTail(int capacity) {
    this.ring = new byte[capacity];
  }

  synchronized void append(byte[] data, int off, int len) {
    for (int i = 0; i < len; i++) {
      ring[(int) (written++ % ring.length)] = data[off + i];
    }
  }

  synchronized String text() {
    int size = (int) Math.min(written, ring.length);
    byte[] out = new byte[size];
    int start = (int) ((written - size) % ring.length);
    for (int i = 0; i < size; i++) {
      out[i] = ring[(start + i) % ring.length];
    }
    String text = new String(out, StandardCharsets.UTF_8).strip();
    return written > ring.length ? "…" + text : text;
  }
}
