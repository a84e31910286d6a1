package dev.pgrunbooks.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What pg_restore and the server say about a failing row keeps its shape and loses its values. */
class RowDataRedactionTest {
  @Test
  void keyValuesAreRedacted() {
    String stderr = """
        pg_restore: error: could not execute query: ERROR:  could not create unique index "users_email_key"
        DETAIL:  Key (lower(email))=(alice@example.com) is duplicated.
        ERROR:  duplicate key value violates unique constraint "users_pkey"
        DETAIL:  Key (id, tenant)=(42, acme) already exists.
        DETAIL:  Key (user_id)=(7) is not present in table "users".""";
    String redacted = RowDataRedaction.redact(stderr);
    assertThat(redacted).doesNotContain("alice@example.com").doesNotContain("42, acme").doesNotContain("(7)")
        .contains("Key (lower(email))=(redacted) is duplicated.", "Key (id, tenant)=(redacted) already exists.",
            "Key (user_id)=(redacted) is not present in table \"users\".", "users_pkey");
  }

  @Test
  void copyLinesFailingRowsAndRejectedValuesAreRedacted() {
    String stderr = """
        pg_restore: error: COPY failed for table "cards": ERROR:  invalid input syntax for type integer: "4111 1111"
        CONTEXT:  COPY cards, line 3, column number: "4111 1111"
        CONTEXT:  COPY cards, line 9: "9	Bob	4111111111111111"
        DETAIL:  Failing row contains (9, Bob, null).""";
    String redacted = RowDataRedaction.redact(stderr);
    assertThat(redacted).doesNotContain("4111").doesNotContain("Bob")
        .contains("invalid input syntax for type integer: (redacted)", "COPY cards, line 3, column number: (redacted)",
            "COPY cards, line 9: (redacted)", "Failing row contains (redacted)", "COPY failed for table \"cards\"");
  }

  @Test
  void aTailThatCutsALineDropsIt() {
    OutputTail tail = new OutputTail(32);
    byte[] text = "CONTEXT:  COPY cards, line 9: \"9\tBob\tsecret-value\"\nlast line\n".getBytes();
    tail.append(text, 0, text.length);
    assertThat(tail.text()).isEqualTo("…last line");
  }
}
