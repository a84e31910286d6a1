package dev.pgrunbooks.store;

import dev.pgrunbooks.config.StorageConfig;
import dev.pgrunbooks.testing.GeneratedStream;
import dev.pgrunbooks.testing.S3MockServer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Not a test: uploads generated data of unknown length through {@link S3BackupStore} to S3Mock and
 * prints throughput and heap use, to check that memory stays bounded by the part size. Run from the
 * activities module after {@code mvn -o -q -pl activities -am test-compile}:
 * <pre>
 *   mvn -o -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 *   java -Xmx256m -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *       dev.pgrunbooks.store.S3UploadBenchmark [MiB=256] [partSizeMiB=16]
 * </pre>
 */
public final class S3UploadBenchmark {
  private static final long MiB = 1024 * 1024;

  public static void main(String[] args) throws Exception {
    long sizeMiB = args.length > 0 ? Long.parseLong(args[0]) : 256;
    int partSizeMiB = args.length > 1 ? Integer.parseInt(args[1]) : 16;

    try (S3MockServer s3 = S3MockServer.started()) {
      s3.createBucket("bench");
      StorageConfig base = s3.storageConfig("bench", "bench/");
      StorageConfig config = new StorageConfig(base.type(), null, base.bucket(), base.prefix(), base.endpoint(),
          base.region(), true, base.sse(), null, partSizeMiB);
      try (BackupStore store = new S3BackupStore(config)) {
        // Warm up class loading and connections so they do not count against the figures.
        store.upload("warmup.dump", GeneratedStream.of(1, MiB), n -> {});

        System.gc();
        resetPeaks();
        HeapSampler sampler = HeapSampler.start();
        GeneratedStream data = GeneratedStream.of(2, sizeMiB * MiB);
        long started = System.nanoTime();
        long stored = store.upload("bench.dump", data, n -> {});
        double seconds = (System.nanoTime() - started) / 1e9;
        sampler.stop();

        System.out.printf("uploaded %d MiB in %.1f s: %.1f MiB/s (part size %d MiB, max heap %d MiB)%n",
            stored / MiB, seconds, stored / MiB / seconds, partSizeMiB, Runtime.getRuntime().maxMemory() / MiB);
        System.out.printf("heap used, sampled every 5 ms: peak %d MiB; heap pools' peak (incl. garbage) %d MiB%n",
            sampler.peak() / MiB, peakHeapPools() / MiB);
      }
    }
  }

  private static void resetPeaks() {
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  private static long peakHeapPools() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP)
        .mapToLong(p -> p.getPeakUsage().getUsed())
        .sum();
  }

  /** Samples heap in use on a daemon thread. */
  private static final class HeapSampler implements Runnable {
    private final AtomicLong peak = new AtomicLong();
    private volatile boolean running = true;
    private Thread thread;

    static HeapSampler start() {
      HeapSampler sampler = new HeapSampler();
      sampler.thread = new Thread(sampler, "heap-sampler");
      sampler.thread.setDaemon(true);
      sampler.thread.start();
      return sampler;
    }

    @Override
    public void run() {
      var memory = ManagementFactory.getMemoryMXBean();
      while (running) {
        peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    void stop() throws InterruptedException {
      running = false;
      thread.join();
    }

    long peak() {
      return peak.get();
    }
  }
}
