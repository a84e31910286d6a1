package dev.pgrunbooks.config;

/** The monthly restore rehearsal: when, which backup to pick, how far back to pick from. */
public record RehearsalConfig(String cron, String pick, String window) {
  public RehearsalConfig {
    pick = pick == null ? "random-weekly" : pick;
    window = window == null ? "30d" : window;
    Durations.parse(window, "rehearsal.window");
  }
}
