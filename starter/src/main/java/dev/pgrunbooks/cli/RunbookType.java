package dev.pgrunbooks.cli;

import dev.pgrunbooks.runbook.RunbookKind;
import dev.pgrunbooks.runbook.StepRecord;
import java.util.List;
import java.util.function.Function;

/**
 * What the command line knows about one kind of runbook: its result type, where the result keeps
 * the steps, and how to say the outcome in one line.
 */
record RunbookType<R>(
    RunbookKind kind,
    Class<? extends Enum<?>> stepType,
    Class<R> resultType,
    Function<R, List<StepRecord>> steps,
    Function<R, String> outcomeLine) {

  List<StepRecord> stepsOf(Object result) {
    return steps.apply(resultType.cast(result));
  }

  String outcomeOf(Object result) {
    return outcomeLine.apply(resultType.cast(result));
  }
}
