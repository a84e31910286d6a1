package dev.pgrunbooks.census;

import dev.pgrunbooks.census.DatabaseCensus.DatabaseFacts;
import dev.pgrunbooks.census.DatabaseCensus.ObjectPrivileges;
import dev.pgrunbooks.census.DatabaseCensus.TableShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The restored database's census against the backup's: one line per difference, worded like the row
 * differences ({@code public.orders: owner is postgres, the backup had orders_owner}).
 */
public final class CensusComparison {
  private CensusComparison() {}

  /**
   * @param privilegesKept false for a {@code privileges: drop} restore: owners, grants, default privileges
   *     and per-role settings were not restored, so they are not compared
   */
  public static List<String> differences(DatabaseCensus backup, DatabaseCensus restored, boolean privilegesKept) {
    List<String> out = new ArrayList<>();
    database(out, backup.database(), restored.database(), privilegesKept);
    if (privilegesKept) {
      objects(out, backup.objects(), restored.objects());
      eachKey(out, backup.defaultPrivileges(), restored.defaultPrivileges(), (key, want, got) ->
          "default privileges of " + key + ": " + describe(got) + ", the backup had " + describe(want));
    }
    eachKey(out, backup.sequences(), restored.sequences(), (name, want, got) ->
        name + ": sequence value " + describe(got) + ", the backup had " + describe(want));
    // Only tables both have: one missing or extra is already a row difference.
    Map<String, TableShape> restoredTables = new java.util.TreeMap<>(restored.tables());
    restoredTables.keySet().retainAll(backup.tables().keySet());
    Map<String, TableShape> backupTables = new java.util.TreeMap<>(backup.tables());
    backupTables.keySet().retainAll(restored.tables().keySet());
    eachKey(out, backupTables, restoredTables, (name, want, got) -> shape(name, want, got));
    return out;
  }

  private static void database(List<String> out, DatabaseFacts want, DatabaseFacts got, boolean privilegesKept) {
    if (privilegesKept) {
      same(out, "owner", want.owner(), got.owner());
      same(out, "grants", want.acl(), got.acl());
    }
    same(out, "encoding", want.encoding(), got.encoding());
    same(out, "LC_COLLATE", want.collate(), got.collate());
    same(out, "LC_CTYPE", want.ctype(), got.ctype());
    same(out, "locale provider", want.localeProvider(), got.localeProvider());
    same(out, "ICU locale", want.icuLocale(), got.icuLocale());
    same(out, "comment", want.comment(), got.comment());
    Map<String, List<String>> wantSettings = want.settings();
    Map<String, List<String>> gotSettings = got.settings();
    if (!privilegesKept) {
      wantSettings = databaseWide(wantSettings);
      gotSettings = databaseWide(gotSettings);
    }
    eachKey(out, wantSettings, gotSettings, (role, w, g) -> "database settings"
        + (role.isEmpty() ? "" : " for role " + role) + ": " + describe(g) + ", the backup had " + describe(w));
  }

  private static Map<String, List<String>> databaseWide(Map<String, List<String>> settings) {
    return settings.containsKey("") ? Map.of("", settings.get("")) : Map.of();
  }

  private static void same(List<String> out, String what, Object want, Object got) {
    if (!Objects.equals(want, got)) {
      out.add("database " + what + " is " + describe(got) + ", the backup had " + describe(want));
    }
  }

  private static void objects(List<String> out, Map<String, ObjectPrivileges> want, Map<String, ObjectPrivileges> got) {
    TreeSet<String> keys = new TreeSet<>(want.keySet());
    keys.addAll(got.keySet());
    for (String key : keys) {
      ObjectPrivileges w = want.get(key);
      ObjectPrivileges g = got.get(key);
      String name = displayName(key);
      if ((g == null || w == null) && key.startsWith("table ")) {
        continue; // a table missing or extra is already a row difference
      }
      if (g == null) {
        out.add(name + ": missing (the backup has it, owned by " + w.owner() + ")");
      } else if (w == null) {
        out.add(name + ": not in the backup");
      } else {
        if (!w.owner().equals(g.owner())) {
          out.add(name + ": owner is " + g.owner() + ", the backup had " + w.owner());
        }
        List<String> lacks = new ArrayList<>(w.acl());
        lacks.removeAll(g.acl());
        List<String> extra = new ArrayList<>(g.acl());
        extra.removeAll(w.acl());
        if (!lacks.isEmpty()) {
          out.add(name + ": lacks the grants " + String.join(", ", lacks) + " the backup had");
        }
        if (!extra.isEmpty()) {
          out.add(name + ": has the grants " + String.join(", ", extra) + " the backup did not have");
        }
      }
    }
  }

  /** {@code table public.orders} → {@code public.orders}; other kinds keep their word. */
  private static String displayName(String key) {
    return key.startsWith("table ") ? key.substring("table ".length()) : key;
  }

  private static String shape(String name, TableShape want, TableShape got) {
    List<String> parts = new ArrayList<>();
    if (want.constraints() != got.constraints()) {
      parts.add(got.constraints() + " constraints, the backup had " + want.constraints());
    }
    if (want.triggers() != got.triggers()) {
      parts.add(got.triggers() + " triggers, the backup had " + want.triggers());
    }
    return name + ": " + String.join("; ", parts);
  }

  private interface Difference<V> {
    String describe(String key, V want, V got);
  }

  private static <V> void eachKey(List<String> out, Map<String, V> want, Map<String, V> got, Difference<V> line) {
    TreeSet<String> keys = new TreeSet<>(want.keySet());
    keys.addAll(got.keySet());
    for (String key : keys) {
      V w = want.get(key);
      V g = got.get(key);
      if (!Objects.equals(w, g)) {
        out.add(w != null && g != null ? line.describe(key, w, g)
            : g == null ? displayName(key) + ": missing (the backup has " + describe(w) + ")"
            : displayName(key) + ": not in the backup (found " + describe(g) + ")");
      }
    }
  }

  private static String describe(Object value) {
    if (value == null) {
      return "none";
    }
    if (value instanceof TableShape s) {
      return s.constraints() + " constraints and " + s.triggers() + " triggers";
    }
    if (value instanceof List<?> l) {
      return l.isEmpty() ? "none" : "[" + String.join(", ", l.stream().map(String::valueOf).toList()) + "]";
    }
    return value.toString();
  }
}
