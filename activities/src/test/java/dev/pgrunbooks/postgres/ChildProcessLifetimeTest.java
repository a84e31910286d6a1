package dev.pgrunbooks.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Nothing a child program starts outlives the activity that closed it, or the worker that died. */
class ChildProcessLifetimeTest {
  /** A program that starts a grandchild and prints both pids: {@code $$} is the program itself. */
  private static final List<String> TREE = List.of("-c", "sleep 300 & echo $!; echo $$; wait");

  @Test
  void closingEndsTheProgramAndWhatItStarted() throws Exception {
    List<Long> pids = new ArrayList<>();
    try (ChildProcess child = ChildProcess.start(Path.of("/bin/sh"), TREE, Map.of())) {
      BufferedReader out = new BufferedReader(new InputStreamReader(child.stdout(), StandardCharsets.UTF_8));
      pids.add(Long.parseLong(out.readLine().trim()));
      pids.add(Long.parseLong(out.readLine().trim()));
      assertThat(pids).allSatisfy(pid -> assertThat(alive(pid)).isTrue());
    }
    assertGoneWithin(pids, 5);
  }

  @Test
  void sigkillOfTheWorkerEndsTheProgramAndWhatItStarted() throws Exception {
    assertThat(ProcessSupervisor.available()).as("/bin/sh and setsid on this machine").isTrue();
    Process worker = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Worker.class.getName())
        .redirectErrorStream(true).start();
    List<Long> pids = new ArrayList<>();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8));
      pids.add(Long.parseLong(out.readLine().trim()));
      pids.add(Long.parseLong(out.readLine().trim()));
      assertThat(pids).allSatisfy(pid -> assertThat(alive(pid)).isTrue());
      worker.destroyForcibly(); // SIGKILL: no shutdown hook, no finally
      assertThat(worker.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertGoneWithin(pids, 5);
    } finally {
      worker.destroyForcibly();
      pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }
  }

  /** A stand-in worker: starts the tree from its main thread, passes the pids on, and waits to be killed. */
  public static final class Worker {
    public static void main(String[] args) throws Exception {
      ChildProcess child = ChildProcess.start(Path.of("/bin/sh"), TREE, Map.of());
      BufferedReader out = new BufferedReader(new InputStreamReader(child.stdout(), StandardCharsets.UTF_8));
      System.out.println(out.readLine());
      System.out.println(out.readLine());
      System.out.flush();
      Thread.sleep(TimeUnit.MINUTES.toMillis(5));
    }
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static void assertGoneWithin(List<Long> pids, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline && pids.stream().anyMatch(ChildProcessLifetimeTest::alive)) {
      Thread.sleep(100);
    }
    assertThat(pids).allSatisfy(pid -> assertThat(alive(pid)).as("process %d still running", pid).isFalse());
  }
}
