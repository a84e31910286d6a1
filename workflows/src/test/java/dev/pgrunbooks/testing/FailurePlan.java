package dev.pgrunbooks.testing;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What the fake activities do wrong, per activity type ("Dump", "Restore", ...), in the order planned:
 * each planned fault applies to the next attempts of that activity, then the activity behaves again.
 * The fakes call {@link #apply} where a real step could fail.
 */
public final class FailurePlan {

  private enum Kind { RETRYABLE, NON_RETRYABLE, BLOCK_UNTIL_CANCELLED }

  private static final class Fault {
    final Kind kind;
    final String type;
    final String message;
    int attemptsLeft;

    Fault(Kind kind, int attempts, String type, String message) {
      this.kind = kind;
      this.attemptsLeft = attempts;
      this.type = type;
      this.message = message;
    }
  }

  private final Map<String, Deque<Fault>> planned = new HashMap<>();
  private final Map<String, CountDownLatch> blocking = new ConcurrentHashMap<>();
  private final Set<String> cancelled = ConcurrentHashMap.newKeySet();

  /** The next {@code attempts} attempts fail in a way retrying can fix (a refused connection). */
  public FailurePlan failRetryably(String activity, int attempts) {
    return plan(activity, new Fault(Kind.RETRYABLE, attempts, "ConnectionRefused",
        "connection refused (fake " + activity + ")"));
  }

  /** Every attempt fails retryably: the step fails after its retries. */
  public FailurePlan failEveryAttempt(String activity, String type, String message) {
    return plan(activity, new Fault(Kind.RETRYABLE, Integer.MAX_VALUE, type, message));
  }

  /** The next attempt fails with a failure retrying cannot fix. */
  public FailurePlan failNonRetryably(String activity, String type, String message) {
    return plan(activity, new Fault(Kind.NON_RETRYABLE, 1, type, message));
  }

  /** The next attempt heartbeats until Temporal cancels it (a long pg_restore). */
  public FailurePlan blockUntilCancelled(String activity) {
    blocking.putIfAbsent(activity, new CountDownLatch(1));
    return plan(activity, new Fault(Kind.BLOCK_UNTIL_CANCELLED, 1, null, null));
  }

  /** Waits (real time) until the activity planned to block has started blocking. */
  public void awaitBlocked(String activity) throws InterruptedException {
    CountDownLatch latch = blocking.get(activity);
    if (latch == null || !latch.await(10, TimeUnit.SECONDS)) {
      throw new AssertionError(activity + " never started blocking");
    }
  }

  /** The blocked activity saw its cancellation (so it has stopped, as a real pg_restore would). */
  public boolean wasCancelled(String activity) {
    return cancelled.contains(activity);
  }

  /** Called by a fake activity where its real counterpart could fail. */
  void apply(String activity) {
    Fault fault = take(activity);
    if (fault == null) {
      return;
    }
    switch (fault.kind) {
      case RETRYABLE -> throw ApplicationFailure.newFailure(fault.message, fault.type);
      case NON_RETRYABLE -> throw ApplicationFailure.newNonRetryableFailure(fault.message, fault.type);
      case BLOCK_UNTIL_CANCELLED -> blockUntilCancelled(activity, Activity.getExecutionContext());
    }
  }

  private synchronized FailurePlan plan(String activity, Fault fault) {
    planned.computeIfAbsent(activity, a -> new ArrayDeque<>()).add(fault);
    return this;
  }

  private synchronized Fault take(String activity) {
    Deque<Fault> faults = planned.get(activity);
    Fault next = faults == null ? null : faults.peek();
    if (next == null) {
      return null;
    }
    if (--next.attemptsLeft <= 0) {
      faults.poll();
    }
    return next;
  }

  private void blockUntilCancelled(String activity, ActivityExecutionContext context) {
    blocking.get(activity).countDown();
    try {
      // Cancellation reaches an activity only through a heartbeat's response.
      while (true) {
        context.heartbeat(null);
        Thread.sleep(Duration.ofMillis(20).toMillis());
      }
    } catch (ActivityCompletionException stopped) {
      cancelled.add(activity);
      throw stopped;
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(activity + " interrupted", interrupted);
    }
  }
}
