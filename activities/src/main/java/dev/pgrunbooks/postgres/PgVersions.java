package dev.pgrunbooks.postgres;

/** PostgreSQL version numbers as {@code server_version_num} writes them: 150020 for 15.20, 90624 for 9.6.24. */
final class PgVersions {
  private PgVersions() {}

  static int versionNum(int major, int minor, int patch) {
    return major >= 10 ? major * 10000 + minor : major * 10000 + minor * 100 + patch;
  }

  /** The release series a version belongs to: 150000 for 15.x, 90600 for 9.6.x. */
  static int majorNum(int versionNum) {
    return versionNum >= 100000 ? versionNum / 10000 * 10000 : versionNum / 100 * 100;
  }

  /** "15" for 15.x, "9.6" for 9.6.x: what an operator installs. */
  static String majorLabel(int versionNum) {
    return versionNum >= 100000
        ? String.valueOf(versionNum / 10000)
        : versionNum / 10000 + "." + versionNum / 100 % 100;
  }
}
