package dev.pgrunbooks.census;

import java.util.List;
import java.util.Map;

/**
 * What the application needs of a database besides its rows, as the backup saw it in the dump's
 * snapshot: the database's own properties (which pg_restore does not restore), the roles it refers to,
 * and a census of ownership, grants, sequence values and table shapes the integrity check compares.
 * Stored beside the dump as {@code <dump key without .dump>.census.json}, never in a workflow payload.
 *
 * @param database owner, encoding, collation, settings, grants and comment of the database itself
 * @param roles every role the database refers to (owners, grantees, default-privilege and setting roles)
 * @param objects {@code "table public.orders"} → owner and ACL (defaults spelled out, items sorted)
 * @param defaultPrivileges {@code "<role> in <schema|*> on <type>"} → ACL items, sorted
 * @param sequences {@code public.orders_id_seq} → last value, or {@code "not called"}
 * @param tables {@code public.orders} → constraint and trigger counts
 */
public record DatabaseCensus(
    int version,
    DatabaseFacts database,
    List<RoleFacts> roles,
    Map<String, ObjectPrivileges> objects,
    Map<String, List<String>> defaultPrivileges,
    Map<String, String> sequences,
    Map<String, TableShape> tables) {

  public static final int CURRENT_VERSION = 1;

  /**
   * @param localeProvider {@code libc} or {@code icu}
   * @param icuLocale the ICU locale when the provider is ICU, else null
   * @param acl the database's grants (defaults spelled out), sorted
   * @param settings {@code ALTER DATABASE … SET} ({@code ""}) and {@code ALTER ROLE … IN DATABASE … SET}
   *     (the role's name) → {@code name=value} entries as PostgreSQL keeps them
   */
  public record DatabaseFacts(
      String owner,
      String encoding,
      String collate,
      String ctype,
      String localeProvider,
      String icuLocale,
      String comment,
      List<String> acl,
      Map<String, List<String>> settings) {}

  /** A role and the roles it is a member of, among those the database needs. */
  public record RoleFacts(String name, List<String> memberOf) {}

  public record ObjectPrivileges(String owner, List<String> acl) {}

  public record TableShape(long constraints, long triggers) {}

  public List<String> roleNames() {
    return roles.stream().map(RoleFacts::name).toList();
  }
}
