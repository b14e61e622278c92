package io.switchboard.core.store;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded MongoDB-wire-compatible server: mongo-java-server with its H2 (MVStore) backend,
 * data on disk, listening on loopback only. The platform talks to it with the real driver over TCP,
 * exactly as it talks to MongoDB. Filters naming {@code _id} next to other fields are answered from
 * the {@code _id} index ({@link IdLookupH2Backend}), as MongoDB does, rather than by a full scan.
 */
public final class EmbeddedMongo implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMongo.class);

  private final H2Backend backend;
  private final MongoServer server;
  private final InetSocketAddress address;

  private EmbeddedMongo(H2Backend backend, MongoServer server, InetSocketAddress address) {
    this.backend = backend;
    this.server = server;
    this.address = address;
  }

  /** Starts a server storing into {@code dataDir/store.mv} and bound to 127.0.0.1:port. */
  public static EmbeddedMongo start(Path dataDir, int port) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create data folder " + dataDir, e);
    }
    Path file = dataDir.resolve("store.mv").toAbsolutePath();
    H2Backend backend = new IdLookupH2Backend(file.toString());
    MongoServer server = new MongoServer(backend);
    server.bind("127.0.0.1", port);
    InetSocketAddress address = server.getLocalAddress();
    LOG.info(
        "embedded store {} listening on {}:{}", file, address.getHostString(), address.getPort());
    return new EmbeddedMongo(backend, server, address);
  }

  public String connectionString() {
    return "mongodb://127.0.0.1:" + address.getPort();
  }

  public int port() {
    return address.getPort();
  }

  @Override
  public void close() {
    server.shutdown();
    backend.close();
  }
}
