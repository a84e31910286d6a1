package dev.pgrunbooks.cli;

import dev.pgrunbooks.restore.Decision;
import dev.pgrunbooks.restore.RestoreMode;
import dev.pgrunbooks.runbook.Labelled;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Picocli converters and completion candidates for enum options spelled by their labels
 * ({@code --mode in-place}, {@code decide retry}): a wrong word is refused with the words allowed, and
 * shell completion offers exactly those.
 */
final class LabelledOption {
  private LabelledOption() {}

  /** Converts a label to its constant; {@code what} starts the error line, e.g. "--mode takes". */
  abstract static class Converter<E extends Enum<E> & Labelled> implements ITypeConverter<E>, Iterable<String> {
    private final Class<E> type;
    private final List<E> allowed;
    private final String what;

    Converter(Class<E> type, String what, List<E> allowed) {
      this.type = type;
      this.what = what;
      this.allowed = allowed;
    }

    @Override
    public E convert(String value) {
      E e = Labelled.fromLabel(type, value);
      if (e == null || !allowed.contains(e)) {
        throw new TypeConversionException(what + " " + words() + ", not '" + value + "'");
      }
      return e;
    }

    @Override
    public Iterator<String> iterator() {
      return allowed.stream().map(Labelled::label).iterator();
    }

    private String words() {
      List<String> labels = allowed.stream().map(Labelled::label).toList();
      return labels.size() == 1 ? labels.get(0)
          : String.join(", ", labels.subList(0, labels.size() - 1)) + " or " + labels.get(labels.size() - 1);
    }
  }

  /** {@code --mode}: swap or in-place ({@code into} is what {@code --into DB} means, not a mode to type). */
  static final class Mode extends Converter<RestoreMode> {
    Mode() {
      super(RestoreMode.class, "--mode takes", List.of(RestoreMode.SWAP, RestoreMode.IN_PLACE));
    }
  }

  /** {@code decide}'s answer. */
  static final class Choice extends Converter<Decision.Choice> {
    Choice() {
      super(Decision.Choice.class, "decide takes", Arrays.asList(Decision.Choice.values()));
    }
  }
}
