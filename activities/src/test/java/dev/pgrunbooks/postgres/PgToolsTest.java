package dev.pgrunbooks.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pgrunbooks.config.ToolsConfig;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Choosing client tools by the server's major version, over directories of fake programs. */
class PgToolsTest {
  private static final ServerVersion SERVER_15 = new ServerVersion("15.20", 150020);
  private static final ServerVersion SERVER_17 = new ServerVersion("17.2", 170002);

  @TempDir Path dir;

  private Path binDir() {
    return dir.resolve("bin");
  }

  private Path root() {
    return dir.resolve("root");
  }

  private Path pathDir() {
    return dir.resolve("path");
  }

  private PgTools tools(boolean binDir, boolean allowNewerPgDump) {
    return new PgTools(new ToolsConfig(binDir ? binDir().toString() : null, root().toString(), allowNewerPgDump),
        pathDir().toString());
  }

  @Test
  void theServersMajorIsChosenOverANewerOneInBinDir() {
    FakeTools.all(binDir(), "17.2");
    FakeTools.all(root().resolve("15/bin"), "15.20");
    FakeTools.all(pathDir(), "16.6");

    PgTools tools = tools(true, false);

    assertThat(tools.pgRestoreFor(SERVER_15).path()).isEqualTo(root().resolve("15/bin/pg_restore"));
    assertThat(tools.pgDumpFor(SERVER_15).path()).isEqualTo(root().resolve("15/bin/pg_dump"));
    assertThat(tools.pgRestoreFor(SERVER_17).path()).as("binDir first when it matches")
        .isEqualTo(binDir().resolve("pg_restore"));
  }

  @Test
  void pathIsSearchedLastAndOnlyItsMatchingMajorIsUsed() {
    FakeTools.all(binDir(), "17.2");
    FakeTools.all(pathDir(), "15.3");

    ToolVersion chosen = tools(true, false).pgRestoreFor(SERVER_15);

    assertThat(chosen.path()).isEqualTo(pathDir().resolve("pg_restore"));
    assertThat(chosen.version()).isEqualTo("15.3");
  }

  @Test
  void onlyANewerPgRestoreIsRefusedNamingTheServersMajorTheToolsFoundAndWhereLooked() {
    FakeTools.all(binDir(), "17.2");

    ApplicationFailure refused = catchThrowableOfType(
        () -> tools(true, false).pgRestoreFor(SERVER_15), ApplicationFailure.class);

    assertThat(refused.getType()).isEqualTo("ClientToolsMismatch");
    assertThat(refused.isNonRetryable()).isTrue();
    assertThat(refused.getOriginalMessage())
        .doesNotContain("\n")
        .startsWith("server 15.20 is PostgreSQL 15 and needs pg_restore 15, found pg_restore 17.2 ("
            + binDir().resolve("pg_restore") + ")")
        .contains("looked in tools.binDir " + binDir() + ", " + root().resolve("15/bin") + ", PATH " + pathDir())
        .contains("install the PostgreSQL 15 client tools (postgresql-client-15)")
        .doesNotContain("allowNewerPgDump");
  }

  @Test
  void aNewerPgRestoreIsRefusedEvenWithTheOptIn() {
    FakeTools.all(binDir(), "17.2");

    assertThat(catchThrowableOfType(() -> tools(true, true).pgRestoreFor(SERVER_15), ApplicationFailure.class)
        .getType()).isEqualTo("ClientToolsMismatch");
  }

  @Test
  void aNewerPgDumpIsRefusedSayingHowToOptIn() {
    FakeTools.all(binDir(), "17.2");

    ApplicationFailure refused = catchThrowableOfType(
        () -> tools(true, false).pgDumpFor(SERVER_15), ApplicationFailure.class);

    assertThat(refused.getType()).isEqualTo("ClientToolsMismatch");
    assertThat(refused.getOriginalMessage())
        .contains("needs pg_dump 15, found pg_dump 17.2")
        .endsWith("set tools.allowNewerPgDump: true");
  }

  @Test
  void withTheOptInTheOldestNewerPgDumpIsAccepted() {
    FakeTools.all(binDir(), "17.2");
    FakeTools.all(pathDir(), "16.6");

    ToolVersion chosen = tools(true, true).pgDumpFor(SERVER_15);

    assertThat(chosen.path()).isEqualTo(pathDir().resolve("pg_dump"));
    assertThat(chosen.version()).isEqualTo("16.6");
  }

  @Test
  void theOptInNeverPrefersANewerPgDumpToOneOfTheServersMajor() {
    FakeTools.all(binDir(), "17.2");
    FakeTools.all(root().resolve("15/bin"), "15.20");

    assertThat(tools(true, true).pgDumpFor(SERVER_15).version()).isEqualTo("15.20");
  }

  @Test
  void onlyOlderToolsAreClientTooOld() {
    FakeTools.all(pathDir(), "14.9");

    ApplicationFailure refused = catchThrowableOfType(
        () -> tools(false, false).pgDumpFor(SERVER_15), ApplicationFailure.class);

    assertThat(refused.getType()).isEqualTo("ClientTooOld");
    assertThat(refused.getOriginalMessage()).contains("found pg_dump 14.9 (" + pathDir().resolve("pg_dump") + ")");
  }

  @Test
  void noToolsAtAllIsToolMissingSayingWhereItLooked() {
    FakeTools.reporting(pathDir(), "something-else", "15.1");

    ApplicationFailure refused = catchThrowableOfType(
        () -> tools(true, false).pgRestoreFor(SERVER_15), ApplicationFailure.class);

    assertThat(refused.getType()).isEqualTo("ToolMissing");
    assertThat(refused.getOriginalMessage())
        .startsWith("pg_restore not found for server 15.20; looked in tools.binDir " + binDir())
        .contains(root().resolve("15/bin").toString());
  }

  @Test
  void aProgramThatIsNotAPostgresToolIsPassedOverAndNamed() {
    FakeTools.delegating(binDir(), "pg_restore", "garbage", Path.of("/bin/false"));
    java.nio.file.Path broken = binDir().resolve("pg_restore");
    FakeTools.all(root().resolve("15/bin"), "15.20");

    assertThat(tools(true, false).pgRestoreFor(SERVER_15).path()).isEqualTo(root().resolve("15/bin/pg_restore"));
    assertThat(broken).exists();
  }

  @Test
  void anArchiveFromANewerPgDumpIsRefusedForAnOlderServer() {
    FakeTools.all(root().resolve("15/bin"), "15.20");
    ArchiveHeader fromPgDump17 = new ArchiveHeader("17.2", 170002, "15.20");

    ApplicationFailure refused = catchThrowableOfType(
        () -> tools(false, false).pgRestoreFor(SERVER_15, Optional.of(fromPgDump17), "orders/x.dump"),
        ApplicationFailure.class);

    assertThat(refused.getType()).isEqualTo("ClientToolsMismatch");
    assertThat(refused.getOriginalMessage())
        .startsWith("backup orders/x.dump was made by pg_dump 17.2 and restores only into PostgreSQL 17 or newer");
  }

  @Test
  void listingPrefersThePgRestoreOfTheArchivesMajorElseTheOldestNewer() {
    FakeTools.all(binDir(), "17.2");
    FakeTools.all(root().resolve("15/bin"), "15.20");
    FakeTools.all(root().resolve("16/bin"), "16.6");

    PgTools tools = tools(true, false);

    assertThat(tools.pgRestoreToRead(Optional.of(new ArchiveHeader("15.20", 150020, "15.20"))).version())
        .isEqualTo("15.20");
    assertThat(tools.pgRestoreToRead(Optional.of(new ArchiveHeader("14.1", 140001, "14.1"))).version())
        .as("none of 14: the oldest newer one installed").isEqualTo("15.20");
    assertThat(tools.pgRestoreToRead(Optional.empty()).version()).as("unknown archive: the newest").isEqualTo("17.2");
  }
}
