package io.switchboard.bench.reconcile;

import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU of this JVM over a window: the whole process ({@link
 * com.sun.management.OperatingSystemMXBean#getProcessCpuTime()}), and the live threads' share by
 * what they do, from their names. The operator, the mock API server and the bench share the JVM, so
 * only the split tells them apart. CPU of threads that ended inside the window, and of the garbage
 * collector, counts in the process figure only.
 */
final class JvmCpu {

  /** The mock API server's threads (a Vert.x event loop). */
  static final String MOCK = "mock API server (Vert.x threads)";

  /**
   * Everything else: the operator (its reconciler threads, its client's HTTP and informer threads),
   * the bench's client and driver, the garbage collector, the JIT, and threads that ended inside
   * the window (JOSDK's reconciler pool lets idle threads go, so a per-thread split of the rest
   * would miss them).
   */
  static final String REST = "operator + both clients + bench driver + GC/JIT";

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private final long wallNanos;
  private final long processNanos;
  private final long jitMillis;
  private final long gcMillis;
  private final Map<Long, Long> threadNanos;
  private final Map<Long, String> threadGroups;
  private final Map<Long, String> threadNames;

  private JvmCpu(
      long wallNanos,
      long processNanos,
      long jitMillis,
      long gcMillis,
      Map<Long, Long> threadNanos,
      Map<Long, String> threadGroups,
      Map<Long, String> threadNames) {
    this.wallNanos = wallNanos;
    this.processNanos = processNanos;
    this.jitMillis = jitMillis;
    this.gcMillis = gcMillis;
    this.threadNanos = threadNanos;
    this.threadGroups = threadGroups;
    this.threadNames = threadNames;
  }

  static JvmCpu sample() {
    Map<Long, Long> nanos = new HashMap<>();
    Map<Long, String> groups = new HashMap<>();
    Map<Long, String> names = new HashMap<>();
    for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      long cpu = THREADS.getThreadCpuTime(info.getThreadId());
      if (cpu >= 0) {
        nanos.put(info.getThreadId(), cpu);
        groups.put(info.getThreadId(), group(info.getThreadName()));
        names.put(info.getThreadId(), info.getThreadName());
      }
    }
    long gc = 0;
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      gc += Math.max(0, collector.getCollectionTime());
    }
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    return new JvmCpu(
        System.nanoTime(),
        OS.getProcessCpuTime(),
        jit != null && jit.isCompilationTimeMonitoringSupported()
            ? jit.getTotalCompilationTime()
            : 0,
        gc,
        nanos,
        groups,
        names);
  }

  static String group(String thread) {
    return thread.startsWith("vert.x") ? MOCK : REST;
  }

  /** What was spent between {@code start} and this sample. */
  Window since(JvmCpu start) {
    long mock = 0;
    for (Map.Entry<Long, Long> e : threadNanos.entrySet()) {
      if (MOCK.equals(threadGroups.get(e.getKey()))) {
        mock += e.getValue() - start.threadNanos.getOrDefault(e.getKey(), 0L);
      }
    }
    long process = processNanos - start.processNanos;
    Map<String, Long> byGroup = new LinkedHashMap<>();
    byGroup.put(MOCK, mock);
    byGroup.put(REST, process - mock);
    Map<String, Long> byThread = new HashMap<>();
    threadNanos.forEach(
        (id, cpu) ->
            byThread.merge(
                threadNames.get(id), cpu - start.threadNanos.getOrDefault(id, 0L), Long::sum));
    return new Window(
        wallNanos - start.wallNanos,
        process,
        jitMillis - start.jitMillis,
        gcMillis - start.gcMillis,
        byGroup,
        byThread);
  }

  /** CPU over a window, in nanoseconds. */
  /**
   * @param jitMillis time the JIT compilers spent (their threads' time, not pauses)
   * @param gcMillis time of the garbage collections (elapsed, as the collectors report it)
   */
  record Window(
      long wallNanos,
      long processNanos,
      long jitMillis,
      long gcMillis,
      Map<String, Long> byGroup,
      Map<String, Long> byThread) {

    /** Cores busy on average: process CPU over wall time. */
    double cores() {
      return wallNanos == 0 ? 0 : (double) processNanos / wallNanos;
    }
  }
}
