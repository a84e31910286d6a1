package dev.pgrunbooks.restore;

import dev.pgrunbooks.census.DatabaseCensus;
import dev.pgrunbooks.census.DatabaseCensus.DatabaseFacts;
import dev.pgrunbooks.census.DatabaseCensus.RoleFacts;
import dev.pgrunbooks.postgres.PgTarget;
import dev.pgrunbooks.runbook.FailureType;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the destination cluster must have before a restore creates or drops anything: the backup's
 * locale, and (keeping privileges) every role the database refers to. Run by the Download step, which
 * comes before the approval and before any drop in every mode, and again by the Restore step, which a
 * rehearsal calls directly.
 */
final class DestinationCheck {
  /** The comment on a role {@code --create-missing-roles} created: the integrity report lists them by it. */
  static final String CREATED_ROLE_COMMENT_PREFIX = "created by pg-runbooks --create-missing-roles";

  private DestinationCheck() {}

  /**
   * @return the roles it created (with {@code createMissingRoles}); empty otherwise
   * @throws io.temporal.failure.ApplicationFailure MissingCollation or MissingRoles, before anything changed
   */
  static List<String> check(DatabaseAdmin admin, PgTarget target, String key, DatabaseCensus census,
      boolean privilegesKept, boolean createMissingRoles) throws SQLException {
    DatabaseFacts facts = census.database();
    Optional<String> localeProblem = admin.localeProblem(facts);
    if (localeProblem.isPresent()) {
      String locale = "icu".equals(facts.localeProvider()) ? "ICU locale " + facts.icuLocale()
          : "LC_COLLATE " + facts.collate() + " / LC_CTYPE " + facts.ctype();
      throw FailureType.MISSING_COLLATION.failure("the cluster at " + target.address() + " lacks the " + locale
          + " that backup " + key + " was made with (" + localeProblem.get() + "); nothing was changed: install the"
          + " locale on the server, or restore on a cluster that has it");
    }
    if (!privilegesKept) {
      return List.of();
    }
    List<String> missing = admin.missingRoles(census.roleNames());
    if (missing.isEmpty() && !createMissingRoles) {
      return List.of();
    }
    if (!createMissingRoles) {
      throw FailureType.MISSING_ROLES.failure("the cluster at " + target.address() + " lacks the role"
          + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing) + " that backup " + key
          + " needs (owners and grantees); nothing was changed: restore again with --create-missing-roles"
          + " (creates them NOLOGIN, without passwords), or set privileges: drop on targets." + target.name()
          + " to restore without owners and grants");
    }
    List<String> created = new ArrayList<>();
    for (String role : missing) {
      if (role.startsWith("pg_")) {
        throw FailureType.MISSING_ROLES.failure("backup " + key + " needs the built-in role " + role + ", which the"
            + " cluster at " + target.address() + " (an older PostgreSQL?) does not have and no one can create;"
            + " nothing was changed: restore with privileges: drop");
      }
      admin.createRole(role, CREATED_ROLE_COMMENT_PREFIX + " for backup " + key);
      created.add(role);
    }
    // Also roles an earlier attempt created before it could grant their memberships.
    Set<String> createdSet = new HashSet<>(admin.rolesCommented(census.roleNames(), CREATED_ROLE_COMMENT_PREFIX));
    createdSet.addAll(created);
    for (RoleFacts role : census.roles()) {
      for (String parent : role.memberOf()) {
        if (createdSet.contains(role.name()) || createdSet.contains(parent)) {
          admin.grantMembership(parent, role.name());
        }
      }
    }
    return created;
  }
}
