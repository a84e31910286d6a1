package dev.pgrunbooks.census;

import dev.pgrunbooks.census.DatabaseCensus.DatabaseFacts;
import dev.pgrunbooks.census.DatabaseCensus.ObjectPrivileges;
import dev.pgrunbooks.census.DatabaseCensus.RoleFacts;
import dev.pgrunbooks.census.DatabaseCensus.TableShape;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads a {@link DatabaseCensus} from the catalogs of the database {@code connection} is on, in whatever
 * transaction it is in (the backup reads it in the dump's snapshot). User objects only: system schemas
 * and extension members are left out, as pg_dump leaves them out. ACLs that are NULL (the built-in
 * defaults) are spelled out with {@code acldefault}, so "never granted" and "granted the defaults back"
 * compare equal.
 */
public final class CensusReader {
  /** Schemas of user objects: not the system's, not an extension's members. */
  private static final String USER_SCHEMA = """
      n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'""";
  private static final String NOT_EXTENSION_MEMBER = """
      NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = %s::regclass AND e.objid = %s AND e.deptype = 'e')""";

  private CensusReader() {}

  public static DatabaseCensus read(Connection c) throws SQLException {
    DatabaseFacts database = databaseFacts(c);
    Map<String, ObjectPrivileges> objects = objects(c);
    TreeSet<String> roleNames = referencedRoles(c);
    roleNames.add(database.owner());
    objects.values().forEach(o -> roleNames.add(o.owner()));
    database.settings().keySet().stream().filter(r -> !r.isEmpty()).forEach(roleNames::add);
    return new DatabaseCensus(DatabaseCensus.CURRENT_VERSION, database, memberships(c, roleNames), objects,
        defaultPrivileges(c), sequences(c), tables(c));
  }

  static DatabaseFacts databaseFacts(Connection c) throws SQLException {
    String owner;
    String encoding;
    String collate;
    String ctype;
    String provider;
    String icuLocale;
    String comment;
    List<String> acl;
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("""
        SELECT pg_get_userbyid(d.datdba), pg_encoding_to_char(d.encoding), d.datcollate, d.datctype,
               CASE d.datlocprovider WHEN 'i' THEN 'icu' ELSE 'libc' END, d.daticulocale,
               shobj_description(d.oid, 'pg_database'), coalesce(d.datacl, acldefault('d', d.datdba))::text[]
          FROM pg_database d WHERE d.datname = current_database()""")) {
      rs.next();
      owner = rs.getString(1);
      encoding = rs.getString(2);
      collate = rs.getString(3);
      ctype = rs.getString(4);
      provider = rs.getString(5);
      icuLocale = rs.getString(6);
      comment = rs.getString(7);
      acl = sorted(rs.getArray(8));
    }
    Map<String, List<String>> settings = new TreeMap<>();
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("""
        SELECT CASE WHEN s.setrole = 0 THEN '' ELSE pg_get_userbyid(s.setrole) END, s.setconfig
          FROM pg_db_role_setting s
         WHERE s.setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())""")) {
      while (rs.next()) {
        List<String> entries = new ArrayList<>(sorted(rs.getArray(2)));
        entries.removeIf(RestoreMarkerSetting::isMarker);
        if (!entries.isEmpty()) {
          settings.put(rs.getString(1), entries);
        }
      }
    }
    return new DatabaseFacts(owner, encoding, collate, ctype, provider, icuLocale, comment, acl, settings);
  }

  /** Owner and ACL of every schema, table, view, sequence and function. */
  static Map<String, ObjectPrivileges> objects(Connection c) throws SQLException {
    Map<String, ObjectPrivileges> objects = new TreeMap<>();
    String sql = "SELECT 'schema ' || format('%I', n.nspname), pg_get_userbyid(n.nspowner),"
        + " coalesce(n.nspacl, acldefault('n', n.nspowner))::text[]"
        + " FROM pg_namespace n WHERE " + USER_SCHEMA
        + " AND " + NOT_EXTENSION_MEMBER.formatted("'pg_namespace'", "n.oid")
        + " UNION ALL"
        + " SELECT CASE WHEN c.relkind = 'S' THEN 'sequence ' ELSE 'table ' END || format('%I.%I', n.nspname, c.relname),"
        + " pg_get_userbyid(c.relowner),"
        + " coalesce(c.relacl, acldefault(CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::\"char\", c.relowner))::text[]"
        + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        + " WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND " + USER_SCHEMA
        + " AND " + NOT_EXTENSION_MEMBER.formatted("'pg_class'", "c.oid")
        + " UNION ALL"
        + " SELECT 'function ' || format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)),"
        + " pg_get_userbyid(p.proowner), coalesce(p.proacl, acldefault('f', p.proowner))::text[]"
        + " FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE " + USER_SCHEMA
        + " AND " + NOT_EXTENSION_MEMBER.formatted("'pg_proc'", "p.oid");
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        objects.put(rs.getString(1), new ObjectPrivileges(rs.getString(2), sorted(rs.getArray(3))));
      }
    }
    return objects;
  }

  static Map<String, List<String>> defaultPrivileges(Connection c) throws SQLException {
    Map<String, List<String>> defaults = new TreeMap<>();
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("""
        SELECT format('%I', pg_get_userbyid(d.defaclrole)) || ' in ' || coalesce(format('%I', n.nspname), '*')
               || ' on ' || CASE d.defaclobjtype WHEN 'r' THEN 'tables' WHEN 'S' THEN 'sequences'
                  WHEN 'f' THEN 'functions' WHEN 'T' THEN 'types' WHEN 'n' THEN 'schemas'
                  ELSE d.defaclobjtype::text END,
               d.defaclacl::text[]
          FROM pg_default_acl d LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace""")) {
      while (rs.next()) {
        defaults.put(rs.getString(1), sorted(rs.getArray(2)));
      }
    }
    return defaults;
  }

  /** Each sequence's last value ({@code pg_sequences} shows NULL for one never called). */
  static Map<String, String> sequences(Connection c) throws SQLException {
    Map<String, String> sequences = new TreeMap<>();
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("""
        SELECT format('%I.%I', s.schemaname, s.sequencename), s.last_value
          FROM pg_sequences s JOIN pg_namespace n ON n.nspname = s.schemaname
          JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = s.sequencename
         WHERE NOT EXISTS (SELECT 1 FROM pg_depend e
                            WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')""")) {
      while (rs.next()) {
        String value = rs.getString(2);
        sequences.put(rs.getString(1), value == null ? "not called" : value);
      }
    }
    return sequences;
  }

  /** Constraints and (user) triggers per table: what a restore that stopped short of post-data would lack. */
  static Map<String, TableShape> tables(Connection c) throws SQLException {
    Map<String, TableShape> tables = new TreeMap<>();
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("""
        SELECT format('%I.%I', n.nspname, c.relname),
               (SELECT count(*) FROM pg_constraint k WHERE k.conrelid = c.oid),
               (SELECT count(*) FROM pg_trigger t WHERE t.tgrelid = c.oid AND NOT t.tgisinternal)
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE c.relkind IN ('r', 'p', 'f')""" + " AND " + USER_SCHEMA)) {
      while (rs.next()) {
        tables.put(rs.getString(1), new TableShape(rs.getLong(2), rs.getLong(3)));
      }
    }
    return tables;
  }

  /**
   * Roles objects of this database depend on ({@code pg_shdepend}: owners, grantees, default-privilege
   * and policy roles) and the database's grantees. pg_shdepend leaves out pinned roles (the bootstrap
   * superuser): owners are added from the census by the caller.
   */
  static TreeSet<String> referencedRoles(Connection c) throws SQLException {
    TreeSet<String> roles = new TreeSet<>();
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("""
        WITH db AS (SELECT oid, datacl FROM pg_database WHERE datname = current_database()),
             referenced AS (
               SELECT refobjid AS oid FROM pg_shdepend
                WHERE dbid = (SELECT oid FROM db) AND refclassid = 'pg_authid'::regclass
               UNION SELECT (aclexplode(datacl)).grantee FROM db WHERE datacl IS NOT NULL
               UNION SELECT d.defaclrole FROM pg_default_acl d
               UNION SELECT (aclexplode(d.defaclacl)).grantee FROM pg_default_acl d)
        SELECT r.rolname FROM pg_roles r WHERE r.oid IN (SELECT oid FROM referenced)""")) {
      while (rs.next()) {
        roles.add(rs.getString(1));
      }
    }
    return roles;
  }

  static List<RoleFacts> memberships(Connection c, TreeSet<String> names) throws SQLException {
    Map<String, TreeSet<String>> memberOf = new TreeMap<>();
    names.forEach(n -> memberOf.put(n, new TreeSet<>()));
    try (PreparedStatement st = c.prepareStatement("""
        SELECT m.rolname, r.rolname FROM pg_auth_members a
          JOIN pg_roles r ON r.oid = a.roleid JOIN pg_roles m ON m.oid = a.member
         WHERE r.rolname = ANY (?) AND m.rolname = ANY (?)""")) {
      Array array = c.createArrayOf("text", names.toArray());
      st.setArray(1, array);
      st.setArray(2, array);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          memberOf.get(rs.getString(1)).add(rs.getString(2));
        }
      }
    }
    List<RoleFacts> roles = new ArrayList<>();
    memberOf.forEach((name, of) -> roles.add(new RoleFacts(name, List.copyOf(of))));
    return roles;
  }

  private static List<String> sorted(Array array) throws SQLException {
    if (array == null) {
      return List.of();
    }
    String[] items = (String[]) array.getArray();
    return Arrays.stream(items).sorted().toList();
  }
}
