package io.switchboard.processor.caps;

import io.switchboard.core.pipeline.StageOutput;
import io.switchboard.core.session.SessionEntry;
import java.util.Set;

/**
 * Told when the features an available resource announces through its entity capabilities become
 * known: at its presence when the verification string is known, or when the answer to the server's
 * disco#info query arrives.
 */
public interface CapsObserver {

  /**
   * The features of a resource became known.
   *
   * @param resource the resource's session entry, with the presence that carried the capabilities
   * @param before the features it announced before (empty at initial presence or when unknown)
   * @param now the features it announces now
   */
  void featuresKnown(SessionEntry resource, Set<String> before, Set<String> now, StageOutput out);
}
