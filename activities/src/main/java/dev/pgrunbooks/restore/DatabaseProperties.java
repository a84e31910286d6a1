package dev.pgrunbooks.restore;

import dev.pgrunbooks.census.DatabaseCensus.DatabaseFacts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What pg_restore without {@code --create} does not restore: the database's own settings
 * ({@code ALTER DATABASE … SET}, {@code ALTER ROLE … IN DATABASE … SET}), its grants and its comment.
 * Applied from the census after pg_restore (a setting such as {@code default_transaction_read_only} must
 * not be in force while the restore runs), over the maintenance connection.
 */
final class DatabaseProperties {
  /**
   * Settings whose value is a list PostgreSQL quotes element by element (pg_dump's list, from
   * {@code variable_is_guc_list_quote}): given as one literal, the whole list would become one element.
   */
  private static final Set<String> LIST_SETTINGS = Set.of("local_preload_libraries", "search_path",
      "session_preload_libraries", "shared_preload_libraries", "temp_tablespaces", "unix_socket_directories");

  /** Between grantee, privilege and grant option in one item: a character no role name has. */
  private static final String SEP = "\u0001";

  private DatabaseProperties() {}

  /**
   * @param privilegesKept false for {@code privileges: drop}: database-wide settings and the comment only
   */
  static void apply(DatabaseAdmin admin, String database, DatabaseFacts facts, boolean privilegesKept)
      throws SQLException {
    String db = SqlText.quoteIdentifier(database);
    for (Map.Entry<String, List<String>> byRole : facts.settings().entrySet()) {
      boolean databaseWide = byRole.getKey().isEmpty();
      if (!databaseWide && !privilegesKept) {
        continue;
      }
      String prefix = databaseWide ? "ALTER DATABASE " + db
          : "ALTER ROLE " + SqlText.quoteIdentifier(byRole.getKey()) + " IN DATABASE " + db;
      for (String entry : byRole.getValue()) {
        admin.execute(prefix + " SET " + setClause(entry));
      }
    }
    if (privilegesKept) {
      for (String statement : grantStatements(admin.connection(), database, facts.acl())) {
        admin.execute(statement);
      }
    }
    if (facts.comment() != null) {
      admin.setComment(database, facts.comment());
    }
  }

  /** {@code search_path="$user", public} → {@code "search_path" TO '$user', 'public'}. */
  static String setClause(String entry) {
    int eq = entry.indexOf('=');
    String name = entry.substring(0, eq);
    String value = entry.substring(eq + 1);
    List<String> values = LIST_SETTINGS.contains(name) ? splitList(value) : List.of(value);
    List<String> literals = values.stream().map(SqlText::quoteLiteral).toList();
    return SqlText.quoteIdentifier(name) + " TO " + (literals.isEmpty() ? "''" : String.join(", ", literals));
  }

  /** PostgreSQL's SplitGUCList: elements separated by commas, double-quoted where needed. */
  static List<String> splitList(String value) {
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = value.length();
    while (i < n) {
      while (i < n && Character.isWhitespace(value.charAt(i))) {
        i++;
      }
      if (i >= n) {
        break;
      }
      StringBuilder element = new StringBuilder();
      if (value.charAt(i) == '"') {
        i++;
        while (i < n) {
          char ch = value.charAt(i);
          if (ch == '"') {
            if (i + 1 < n && value.charAt(i + 1) == '"') {
              element.append('"');
              i += 2;
              continue;
            }
            i++;
            break;
          }
          element.append(ch);
          i++;
        }
        while (i < n && value.charAt(i) != ',') {
          i++;
        }
      } else {
        while (i < n && value.charAt(i) != ',') {
          element.append(value.charAt(i));
          i++;
        }
      }
      out.add(element.toString().strip());
      i++; // the comma
    }
    return out;
  }

  /**
   * REVOKE and GRANT statements that turn the new database's grants into {@code acl} (the source's, as
   * aclitem text). The owner's own privileges are left as they are: an owner always has them.
   */
  static List<String> grantStatements(Connection c, String database, List<String> acl) throws SQLException {
    Set<String> want = new LinkedHashSet<>();
    Set<String> have = new LinkedHashSet<>();
    String owner;
    String explode = """
        SELECT CASE WHEN e.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(e.grantee)) END,
               e.privilege_type, e.is_grantable
          FROM aclexplode(%s) e""";
    try (PreparedStatement st = c.prepareStatement(explode.formatted("?::aclitem[]"))) {
      st.setArray(1, c.createArrayOf("text", acl.toArray()));
      collect(st, want);
    }
    try (PreparedStatement st = c.prepareStatement("SELECT quote_ident(pg_get_userbyid(d.datdba)), x.* FROM pg_database d,"
        + " LATERAL (" + explode.formatted("coalesce(d.datacl, acldefault('d', d.datdba))") + ") x WHERE d.datname = ?")) {
      st.setString(1, database);
      try (ResultSet rs = st.executeQuery()) {
        owner = null;
        while (rs.next()) {
          owner = rs.getString(1);
          have.add(rs.getString(2) + SEP + rs.getString(3) + SEP + rs.getBoolean(4));
        }
      }
    }
    String db = SqlText.quoteIdentifier(database);
    List<String> statements = new ArrayList<>();
    for (String item : have) {
      String[] p = item.split(SEP);
      if (!p[0].equals(owner) && !want.contains(item)) {
        statements.add("REVOKE " + p[1] + " ON DATABASE " + db + " FROM " + p[0]);
      }
    }
    for (String item : want) {
      String[] p = item.split(SEP);
      if (!p[0].equals(owner) && !have.contains(item)) {
        statements.add("GRANT " + p[1] + " ON DATABASE " + db + " TO " + p[0]
            + (Boolean.parseBoolean(p[2]) ? " WITH GRANT OPTION" : ""));
      }
    }
    return statements;
  }

  private static void collect(PreparedStatement st, Set<String> into) throws SQLException {
    try (ResultSet rs = st.executeQuery()) {
      while (rs.next()) {
        into.add(rs.getString(1) + SEP + rs.getString(2) + SEP + rs.getBoolean(3));
      }
    }
  }
}
