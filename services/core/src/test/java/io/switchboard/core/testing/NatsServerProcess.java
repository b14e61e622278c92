package io.switchboard.core.testing;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real {@code nats-server} with JetStream, started by a test on a free loopback port and stopped
 * by it (the NATS Java client's own tests do the same). Fails loudly when the binary is missing: CI
 * installs it, and {@code ./switchboard test} says how.
 */
public final class NatsServerProcess implements AutoCloseable {

  private final Process process;
  private final int port;
  private final Path storeDir;
  private final Path log;

  private NatsServerProcess(Process process, int port, Path storeDir, Path log) {
    this.process = process;
    this.port = port;
    this.storeDir = storeDir;
    this.log = log;
  }

  public static NatsServerProcess start() throws IOException, InterruptedException {
    return start(List.of());
  }

  /**
   * A server that also reads the configuration file {@code config} (authentication, an operator and
   * its accounts, ...); address, port and JetStream store still come from the command line.
   */
  public static NatsServerProcess start(Path config) throws IOException, InterruptedException {
    return start(List.of("-c", config.toAbsolutePath().toString()));
  }

  private static NatsServerProcess start(List<String> extraArgs)
      throws IOException, InterruptedException {
    String binary = findBinary();
    int port = freePort();
    Path dir = Files.createTempDirectory("sb-nats-");
    Path log = dir.resolve("nats.log");
    List<String> command = new ArrayList<>();
    command.add(binary);
    command.addAll(extraArgs);
    command.addAll(
        List.of(
            "-a",
            "127.0.0.1",
            "-p",
            Integer.toString(port),
            "-js",
            "-sd",
            dir.resolve("js").toString()));
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
    while (Instant.now().isBefore(deadline)) {
      if (!p.isAlive()) {
        throw new IllegalStateException(
            "nats-server exited with " + p.exitValue() + ": " + Files.readString(log));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return new NatsServerProcess(p, port, dir, log);
      } catch (IOException notYet) {
        Thread.onSpinWait();
      }
    }
    p.destroyForcibly();
    throw new IllegalStateException("nats-server did not listen on " + port + " within 15 s");
  }

  public String url() {
    return "nats://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(storeDir)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException ignored) {
      // best effort clean-up of a temp folder
    }
  }

  public String logTail() throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }

  static String findBinary() {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir :
        (path + File.pathSeparator + "/usr/sbin" + File.pathSeparator + "/usr/local/bin")
            .split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, "nats-server");
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new IllegalStateException(
        "nats-server is not installed, and the integration tests need a real one. "
            + "Install it with `sudo apt-get install nats-server` (Debian/Ubuntu) "
            + "or run `./switchboard test`, which installs it when run as root.");
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }
}
