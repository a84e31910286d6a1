package dev.pgrunbooks.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrunbooks.backup.BackupRehearsal;
import dev.pgrunbooks.rehearsal.RehearsalResult;
import dev.pgrunbooks.restore.Decision;
import dev.pgrunbooks.restore.RestoreMode;
import dev.pgrunbooks.restore.RestoreResult;
import io.temporal.common.converter.DataConverter;
import io.temporal.api.common.v1.Payload;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Enums travel in workflow payloads with today's spelling: what running histories, stored reports and
 * scripts hold must keep reading back as the same constant.
 */
class LabelledTest {
  private static final DataConverter CONVERTER = DataConverter.getDefaultInstance();

  @Test
  void payloadsSpellTheLabelsHistoriesAndScriptsAlreadyHold() {
    assertThat(json(RestoreMode.IN_PLACE)).isEqualTo("\"in-place\"");
    assertThat(json(RunbookStatus.NEEDS_OPERATOR)).isEqualTo("\"NeedsOperator\"");
    assertThat(json(RunbookKind.ROLLBACK)).isEqualTo("\"rollback\"");
    assertThat(json(NoticeOutcome.NEEDS_APPROVAL)).isEqualTo("\"needs-approval\"");
    assertThat(json(Decision.Choice.ABORT)).isEqualTo("\"abort\"");
    assertThat(json(StepState.SUCCEEDED)).isEqualTo("\"SUCCEEDED\"");
  }

  @Test
  void everyLabelReadsBackAsItsConstant() {
    for (Class<? extends Enum<?>> type : List.of(RestoreMode.class, RestoreResult.class, RunbookStatus.class,
        RunbookKind.class, NoticeOutcome.class, Decision.Choice.class, RehearsalResult.class,
        BackupRehearsal.Verdict.class)) {
      for (Enum<?> constant : type.getEnumConstants()) {
        Payload payload = CONVERTER.toPayload(constant).orElseThrow();
        assertThat(CONVERTER.fromPayload(payload, type, type)).isSameAs(constant);
        assertThat(constant.toString()).isEqualTo(((Labelled) constant).label());
      }
    }
  }

  private static String json(Object value) {
    Optional<Payload> payload = CONVERTER.toPayload(value);
    return payload.orElseThrow().getData().toString(StandardCharsets.UTF_8);
  }
}
