package dev.pgrunbooks.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrunbooks.testing.RunbookHarness;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every recorded history must replay against today's workflow code: a change that alters the commands
 * a running workflow emits (without {@code Workflow.getVersion}) would break runs in flight, and fails
 * here first, naming the history. Record new ones with {@link HistoryRecorder}.
 */
class ReplayTest {
  private static Replayer replayer;

  @BeforeAll
  static void open() {
    replayer = new Replayer();
  }

  @AfterAll
  static void close() {
    replayer.close();
  }

  @TestFactory
  Stream<DynamicTest> everyRecordedHistoryReplays() {
    List<Path> histories = RecordedHistories.all();
    assertThat(histories).as("recorded histories under histories/").isNotEmpty();
    Class<?>[] implementations = RunbookHarness.WORKFLOW_IMPLEMENTATIONS.toArray(Class<?>[]::new);
    return histories.stream().map(history -> DynamicTest.dynamicTest(RecordedHistories.name(history),
        () -> replayer.replay(history, implementations)));
  }
}
