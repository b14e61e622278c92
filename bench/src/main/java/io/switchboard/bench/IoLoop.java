package io.switchboard.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The one reader thread: a selector over every client socket. It reads what arrives, feeds each
 * connection's stream reader (which reports messages to the {@link Recorder}) and writes what the
 * sender could not write at once.
 */
final class IoLoop implements Runnable {

  private final Selector selector;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile int closed;
  private final List<String> closeReasons = new ArrayList<>();

  IoLoop(Connection[] clients, Recorder recorder) throws IOException {
    selector = Selector.open();
    for (Connection c : clients) {
      c.goLive(selector, recorder);
    }
    thread = new Thread(this, "bench-io");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  @Override
  public void run() {
    ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    try {
      while (running) {
        selector.select(100);
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
          SelectionKey key = it.next();
          it.remove();
          Connection c = (Connection) key.attachment();
          if (!key.isValid()) {
            continue;
          }
          if (key.isReadable() && !c.readAvailable(buf)) {
            lost(key, c, c.closeReason());
            continue;
          }
          if (key.isValid() && key.isWritable()) {
            try {
              c.flush();
            } catch (IOException e) {
              lost(key, c, "write failed: " + e);
            }
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      synchronized (closeReasons) {
        closeReasons.add("the IO loop failed: " + e);
      }
      e.printStackTrace();
    }
  }

  private void lost(SelectionKey key, Connection c, String reason) {
    key.cancel();
    c.markClosed();
    closed++;
    synchronized (closeReasons) {
      if (closeReasons.size() < 10) {
        closeReasons.add(Connection.user(c.index) + ": " + reason);
      }
    }
  }

  /** Connections that ended while the load ran. */
  int closedConnections() {
    return closed;
  }

  List<String> closeReasons() {
    synchronized (closeReasons) {
      return List.copyOf(closeReasons);
    }
  }

  /** Stops reading and waits for the thread (bounded). */
  void stop() throws InterruptedException {
    running = false;
    selector.wakeup();
    thread.join(5000);
    try {
      selector.close();
    } catch (IOException e) {
      // nothing to do
    }
  }
}
