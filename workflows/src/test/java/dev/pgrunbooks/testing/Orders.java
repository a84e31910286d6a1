package dev.pgrunbooks.testing;

import java.time.Instant;
import java.util.Map;

/** The one target the tests use: {@code orders}, live database {@code orders}, two tables. */
public final class Orders {
  public static final String TARGET = "orders";
  public static final String DATABASE = "orders";
  public static final Map<String, Long> ROWS = Map.of("public.orders", 120L, "public.customers", 40L);
  /** When the seeded backup was taken, and the stamp in backup workflow ids. */
  public static final Instant LAST_NIGHT = Instant.parse("2026-03-01T02:00:00Z");
  public static final Instant TONIGHT = Instant.parse("2026-03-02T02:00:00Z");

  private Orders() {}

  /** The orders target in a fresh world. */
  public static FakeWorld in(FakeWorld world) {
    return world.target(TARGET, DATABASE, ROWS);
  }
}
