package io.switchboard.access.admin;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.switchboard.core.config.NodeIdentity;
import io.switchboard.core.pipeline.Destination;
import io.switchboard.core.pipeline.Envelope;
import io.switchboard.core.pipeline.EnvelopeKind;
import io.switchboard.core.pipeline.Route;
import io.switchboard.core.pipeline.ServerCommand;
import io.switchboard.core.pipeline.Transport;
import io.switchboard.xmpp.Jid;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API's way to remove an account: it cannot do it itself, since the access stage may run
 * in a process without the processor's stores. It hands a {@link ServerCommand.RemoveAccount}
 * command to the processor on its durable input (JetStream in distributed mode, so a processor
 * restart does not lose it), then waits for the processor's {@link ServerCommand.AccountRemoved}
 * answer, which {@link io.switchboard.access.xmpp.AccessStage} passes to {@link #completed}.
 */
@Singleton
@Requires(property = "switchboard.stages.access.enabled", notEquals = "false")
public class AccountRemovals {

  /** How a removal went, as far as the caller can tell. */
  public enum Outcome {
    /** The account and its data are gone. */
    DONE,
    /** Handed over durably, not confirmed within the wait: it completes later. */
    ACCEPTED,
    /** Could not be handed over: nothing happened. */
    FAILED
  }

  private static final Logger LOG = LoggerFactory.getLogger(AccountRemovals.class);

  private final Transport transport;
  private final String nodeId;
  private final Clock clock;
  private final Duration wait;
  private final AtomicLong ids;
  private final Map<String, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();

  public AccountRemovals(
      Transport transport,
      NodeIdentity node,
      Clock clock,
      @Value("${switchboard.admin.removal-wait:10s}") Duration wait) {
    this.transport = transport;
    this.nodeId = node.id();
    this.clock = clock;
    this.wait = wait;
    this.ids = new AtomicLong(clock.millis() * 1000);
  }

  /** Asks the processor to remove an account and waits (bounded) until it has. Blocks. */
  public Outcome remove(Jid account) {
    Instant now = clock.instant();
    long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    String id = nodeId + "-rm-" + Long.toString(ids.incrementAndGet(), 36);
    Envelope command =
        new Envelope(
            id,
            EnvelopeKind.COMMAND,
            null,
            Route.to(account.bare()),
            new ServerCommand.RemoveAccount(account, nodeId).toXml(),
            micros,
            List.of(new Envelope.Stamp("access", micros)));
    CompletableFuture<Void> done = new CompletableFuture<>();
    pending.put(id, done);
    long deadline = System.nanoTime() + wait.toNanos();
    try {
      transport.send(Destination.PROCESSOR, command).get(wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException | TimeoutException e) {
      pending.remove(id);
      LOG.warn("could not hand the removal of {} to the processor: {}", account, e.toString());
      return Outcome.FAILED;
    } catch (InterruptedException e) {
      pending.remove(id);
      Thread.currentThread().interrupt();
      return Outcome.FAILED;
    }
    try {
      done.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      return Outcome.DONE;
    } catch (TimeoutException e) {
      LOG.info("removal of {} accepted, still under way after {}", account, wait);
      return Outcome.ACCEPTED;
    } catch (ExecutionException e) {
      return Outcome.ACCEPTED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.ACCEPTED;
    } finally {
      pending.remove(id);
    }
  }

  /** The processor finished the removal asked for by envelope {@code request}. */
  public void completed(String request) {
    CompletableFuture<Void> done = pending.get(request);
    if (done != null) {
      done.complete(null);
    }
  }
}
