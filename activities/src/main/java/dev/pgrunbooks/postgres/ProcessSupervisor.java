package dev.pgrunbooks.postgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How a child program is started so that nothing it starts outlives the activity or the worker: a
 * tiny {@code sh} supervisor runs it in its own process group ({@code setsid}) and kills that whole
 * group when the program ends, when the supervisor is told to stop (SIGTERM from {@link ChildProcess}),
 * or when the worker's JVM dies, even by SIGKILL: {@code setpriv --pdeathsig TERM} (util-linux) has the
 * kernel send the supervisor SIGTERM when its parent goes. The supervisor passes stdin, stdout, stderr
 * and the exit status through. Where these tools are missing (not Linux), the program is started
 * directly and only {@link ChildProcess#close()} ends it.
 *
 * <p>PR_SET_PDEATHSIG fires when the thread that started the child exits: children are started from
 * the activity's own thread, which lives until the activity returns and has closed them.
 */
final class ProcessSupervisor {
  private static final Path SH = Path.of("/bin/sh");
  private static final Path SETSID = Path.of("/usr/bin/setsid");
  private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
  private static final String SCRIPT = String.join("\n",
      "exec 3<&0",
      "setsid \"$@\" <&3 3<&- &",
      "child=$!",
      "exec 3<&-",
      // Reap the killed child before exiting: an orphan would linger as a zombie until init reaps it.
      "trap 'kill -KILL -$child 2>/dev/null; wait $child; exit 143' TERM INT HUP",
      "wait $child",
      "status=$?",
      "kill -KILL -$child 2>/dev/null",
      "exit $status");

  private ProcessSupervisor() {}

  static boolean available() {
    return Files.isExecutable(SH) && Files.isExecutable(SETSID);
  }

  /** The command line that runs {@code command} under the supervisor (or {@code command} itself). */
  static List<String> wrap(List<String> command) {
    if (!available()) {
      return command;
    }
    List<String> wrapped = new ArrayList<>();
    if (Files.isExecutable(SETPRIV)) {
      wrapped.addAll(List.of(SETPRIV.toString(), "--pdeathsig", "TERM", "--"));
    }
    wrapped.addAll(List.of(SH.toString(), "-c", SCRIPT, "pg-runbooks-child"));
    wrapped.addAll(command);
    return wrapped;
  }
}
