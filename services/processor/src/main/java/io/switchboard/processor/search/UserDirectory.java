package io.switchboard.processor.search;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import io.switchboard.core.user.UserStore;
import io.switchboard.processor.vcard.VCardStore;
import io.switchboard.processor.vcard.VCardSummary;
import io.switchboard.xmpp.Jid;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.bson.Document;

/**
 * Finds accounts for user search: by vCard full name or e-mail address in the vCard store (keeping
 * only accounts that still exist), or by localpart alone in the {@code users} collection, whose
 * {@code _id} is the bare JID.
 */
@Singleton
public class UserDirectory {

  private final MongoCollection<Document> users;
  private final VCardStore vcards;
  private final Predicate<Jid> accountExists;

  public UserDirectory(MongoDatabase db, VCardStore vcards, UserStore userStore) {
    this.users = db.getCollection("users");
    this.vcards = vcards;
    this.accountExists = userStore::exists;
  }

  /** Up to {@code limit} accounts matching every criterion, in JID order. */
  List<VCardSummary> search(SearchForm.Criteria criteria, int limit) {
    if (criteria.isEmpty()) {
      return List.of();
    }
    List<VCardSummary> out = new ArrayList<>();
    if (criteria.fn() != null || criteria.email() != null) {
      for (VCardSummary s :
          vcards.search(criteria.user(), criteria.fn(), criteria.email(), limit)) {
        if (accountExists.test(s.jid())) {
          out.add(s);
        }
      }
      return out;
    }
    List<Jid> jids = new ArrayList<>();
    for (Document d :
        users
            .find(Filters.regex("_id", "^" + VCardStore.quote(criteria.user()) + "[^@]*@"))
            .projection(Projections.include("_id"))
            .sort(Sorts.ascending("_id"))
            .limit(limit)) {
      jids.add(Jid.of(d.getString("_id")));
    }
    Map<Jid, VCardSummary> known = vcards.summaries(jids);
    for (Jid jid : jids) {
      out.add(known.getOrDefault(jid, new VCardSummary(jid, "", "")));
    }
    return out;
  }
}
