package io.switchboard.processor.search;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.pipeline.Envelope;
import io.switchboard.core.pipeline.StageOutput;
import io.switchboard.core.stanza.Replies;
import io.switchboard.core.stanza.Stanza;
import io.switchboard.processor.iq.IqHandler;
import io.switchboard.xmpp.StanzaError;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.Set;

/**
 * XEP-0055 Jabber Search with XEP-0004 data forms, served at the server's domain: a get returns the
 * form, a set with the submitted form returns the accounts found, at most {@code max-results}. A
 * search with every field empty finds nobody, so the directory cannot be listed whole.
 */
@Singleton
public class SearchHandler implements IqHandler {

  /**
   * Limits of user search.
   *
   * @param maxResults most accounts one search returns
   */
  @ConfigurationProperties("switchboard.search")
  public record SearchConfig(@Bindable(defaultValue = "50") @Min(1) @Max(1000) int maxResults) {}

  private final String domain;
  private final UserDirectory directory;
  private final int maxResults;

  @Inject
  public SearchHandler(SwitchboardConfig config, UserDirectory directory, SearchConfig search) {
    this(config.domain(), directory, search.maxResults());
  }

  SearchHandler(String domain, UserDirectory directory, int maxResults) {
    this.domain = domain;
    this.directory = directory;
    this.maxResults = maxResults;
  }

  @Override
  public String element() {
    return "query";
  }

  @Override
  public String namespace() {
    return SearchForm.NS;
  }

  @Override
  public Set<String> serverFeatures() {
    return Set.of(SearchForm.NS);
  }

  @Override
  public void handle(Stanza iq, Envelope in, StageOutput out) {
    if (iq.to() != null && iq.to().local() != null) {
      // Search is a service of the domain, not of accounts.
      Replies.error(in, iq.element(), StanzaError.SERVICE_UNAVAILABLE, null, domain, out);
      return;
    }
    if ("get".equals(iq.type())) {
      Replies.reply(in, Replies.iqResult(iq, domain, SearchForm.form()), out);
      return;
    }
    SearchForm.Criteria criteria;
    try {
      criteria = SearchForm.parse(iq.payload());
    } catch (SearchForm.InvalidFormException e) {
      Replies.error(in, iq.element(), StanzaError.BAD_REQUEST, e.getMessage(), domain, out);
      return;
    }
    Replies.reply(
        in,
        Replies.iqResult(iq, domain, SearchForm.results(directory.search(criteria, maxResults))),
        out);
  }
}
