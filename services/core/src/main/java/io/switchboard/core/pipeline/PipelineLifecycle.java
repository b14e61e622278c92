package io.switchboard.core.pipeline;

import io.micrometer.core.instrument.Gauge;
import io.micronaut.context.annotation.Context;
import io.switchboard.core.metrics.PipelineMetrics;
import io.switchboard.core.session.SessionTable;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a {@link StageRunner} for every {@link Stage} bean of this process when the application
 * starts, and stops them first when it shuts down, before the transport closes.
 */
@Context
public class PipelineLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(PipelineLifecycle.class);

  private final List<StageRunner> runners = new ArrayList<>();

  public PipelineLifecycle(
      List<Stage> stages,
      Transport transport,
      SessionTable sessions,
      PipelineMetrics metrics,
      Clock clock) {
    for (Stage stage : stages) {
      StageRunner runner = new StageRunner(stage, transport, metrics, clock);
      runner.start();
      runners.add(runner);
      Gauge.builder("switchboard.transport.backlog", transport, t -> t.backlog(stage.input()))
          .description("Envelopes waiting for a stage: local queue depth or JetStream consumer lag")
          .tag("stage", stage.name())
          .register(metrics.registry());
      LOG.info("stage {} receiving from {}", stage.name(), stage.input().name());
    }
    Gauge.builder("switchboard.sessions.known", sessions, SessionTable::size)
        .description("Sessions in the session table as this process sees it")
        .register(metrics.registry());
  }

  @PreDestroy
  void stop() {
    for (StageRunner runner : runners) {
      runner.close();
    }
  }
}
