package dev.pgrunbooks.backup;

import dev.pgrunbooks.runbook.TransferProgress;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import io.temporal.client.ActivityWorkerShutdownException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Heartbeats {@link TransferProgress} about once a second while data moves, from its own thread, so
 * the worker stays visibly alive while pg_dump waits for a lock or a big table is counted. When the
 * server answers a heartbeat with a cancellation (or the activity timed out), it runs
 * {@code onCancel} (kill pg_dump, abort the query) and {@link #throwIfCancelled()} rethrows it. When
 * the worker is stopping (SIGTERM), the transfer goes on to the end.
 * Outside an activity (plain unit use) it only counts.
 */
public final class ProgressHeartbeat implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ProgressHeartbeat.class);

  private final ActivityExecutionContext context;
  private final String phase;
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicReference<ActivityCompletionException> cancellation = new AtomicReference<>();
  private final ScheduledExecutorService ticker;
  private volatile Runnable onCancel = () -> {};
  private volatile boolean workerStopping;

  private ProgressHeartbeat(ActivityExecutionContext context, String phase) {
    this.context = context;
    this.phase = phase;
    if (context == null) {
      ticker = null;
      return;
    }
    ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "heartbeat-" + phase.replace(' ', '-'));
      t.setDaemon(true);
      return t;
    });
    ticker.scheduleWithFixedDelay(this::beat, 1, 1, TimeUnit.SECONDS);
  }

  /** Starts heartbeating {@code phase} if the calling thread runs an activity. */
  public static ProgressHeartbeat start(String phase) {
    return new ProgressHeartbeat(currentActivity(), phase);
  }

  /** What to do when the activity is cancelled: stop the work so the activity thread notices. */
  public void onCancel(Runnable action) {
    this.onCancel = action;
  }

  public void add(long n) {
    bytes.addAndGet(n);
    throwIfCancelled();
  }

  public long bytes() {
    return bytes.get();
  }

  public void throwIfCancelled() {
    ActivityCompletionException e = cancellation.get();
    if (e != null) {
      throw e;
    }
  }

  /** Stops the ticker and reports the final count. */
  @Override
  public void close() {
    if (ticker == null) {
      return;
    }
    ticker.shutdownNow();
    beat();
  }

  private void beat() {
    if (cancellation.get() != null) {
      return;
    }
    if (workerStopping) {
      return;
    }
    try {
      context.heartbeat(new TransferProgress(phase, bytes.get()));
    } catch (ActivityWorkerShutdownException e) {
      // SIGTERM is a deploy, not a failure: finish this step within the worker's grace period rather
      // than throw away a transfer that is nearly done. Later heartbeats would say the same: stop.
      workerStopping = true;
      log.info("worker is stopping: finishing {} before it exits", phase);
    } catch (ActivityCompletionException e) {
      cancellation.set(e);
      onCancel.run();
    } catch (RuntimeException e) {
      // A heartbeat that cannot be sent must not fail the transfer; the next one may get through.
      log.warn("heartbeat failed: {}", e.toString());
    }
  }

  private static ActivityExecutionContext currentActivity() {
    try {
      return Activity.getExecutionContext();
    } catch (IllegalStateException | NullPointerException e) {
      return null;
    }
  }
}
