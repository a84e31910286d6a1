package dev.pgrunbooks.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The server's version.
 *
 * @param version e.g. "15.20" (distribution suffixes such as "(Debian 15.20-0+deb12u1)" dropped)
 * @param versionNum e.g. 150020
 */
public record ServerVersion(String version, int versionNum) {

  public static ServerVersion of(Connection connection) throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(
            "SELECT current_setting('server_version'), current_setting('server_version_num')::int")) {
      rs.next();
      return new ServerVersion(rs.getString(1).trim().split("\\s+")[0], rs.getInt(2));
    }
  }

  /** "15", or "9.6" for old servers. */
  public String major() {
    return PgVersions.majorLabel(versionNum);
  }

  public int majorNum() {
    return PgVersions.majorNum(versionNum);
  }
}
