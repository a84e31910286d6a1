package dev.pgrunbooks.config;

/** The monthly restore rehearsal: when, which backup to pick, how far back to pick from. */
public record RehearsalConfig(String cron, String pick, String window) {
  public RehearsalConfig {
    // Cron, pick and window are checked by ConfigLoader against ConfigKey.
    pick = pick == null ? ConfigKey.REHEARSAL_PICK.defaultText() : pick;
    window = window == null ? ConfigKey.REHEARSAL_WINDOW.defaultText() : window;
  }
}
