package io.switchboard.platform;

import io.switchboard.core.store.EmbeddedMongo;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code switchboard dev-mongo}: the embedded MongoDB-wire-compatible store as a server of its own,
 * so that the stages of a distributed deployment can share it on a laptop.
 */
final class DevMongoCommand {

  static final String USAGE =
      """
      switchboard dev-mongo [--port P] [--data DIR]
        a MongoDB-compatible store for development (distributed mode on one machine)
        --port P       port on 127.0.0.1 (default 27017)
        --data DIR     where it keeps its data (default ./data/dev-mongo)
      """;

  private DevMongoCommand() {}

  static int run(List<String> args, PrintStream out, PrintStream err) throws UsageException {
    CommandLine cl = CommandLine.parse(args, Set.of("port", "data"), Set.of());
    if (!cl.positionals().isEmpty()) {
      throw new UsageException("dev-mongo takes no arguments, only options: " + cl.positionals());
    }
    Integer port = cl.port("port");
    Path data = Path.of(cl.option("data", "./data/dev-mongo")).toAbsolutePath().normalize();
    EmbeddedMongo mongo;
    try {
      mongo = EmbeddedMongo.start(data, port == null ? 27017 : port);
    } catch (RuntimeException e) {
      err.println("switchboard: could not start the store: " + Switchboard.describe(e));
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  mongo.close();
                  stopped.countDown();
                },
                "dev-mongo-shutdown"));
    out.println(
        "MongoDB-compatible store at "
            + mongo.connectionString()
            + " (data in "
            + data
            + "); use it with: ./switchboard run --mode distributed --mongo "
            + mongo.connectionString()
            + " ...; stop with Ctrl-C");
    out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
