package io.switchboard.processor.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.processor.vcard.VCardSummary;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.XmlElement;
import io.switchboard.xmpp.XmlParser;
import java.util.List;
import org.junit.jupiter.api.Test;

class SearchFormTest {

  @Test
  void theFormOffersUserFullNameAndEmail() {
    XmlElement query = SearchForm.form();
    assertThat(query.childText("instructions", SearchForm.NS)).isNotBlank();
    XmlElement x = query.child("x", SearchForm.DATA_NS);
    assertThat(x.attr("type")).isEqualTo("form");
    assertThat(x.elements())
        .filteredOn(e -> e.name().equals("field"))
        .extracting(e -> e.attr("var"), e -> e.attr("type"))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("FORM_TYPE", "hidden"),
            org.assertj.core.groups.Tuple.tuple("user", "text-single"),
            org.assertj.core.groups.Tuple.tuple("fn", "text-single"),
            org.assertj.core.groups.Tuple.tuple("email", "text-single"));
  }

  @Test
  void submittedValuesAreTrimmedLowercasedAndLoseTrailingWildcards() throws Exception {
    SearchForm.Criteria c =
        SearchForm.parse(
            XmlParser.parse(
                "<query xmlns='jabber:iq:search'><x xmlns='jabber:x:data' type='submit'>"
                    + "<field var='FORM_TYPE'><value>jabber:iq:search</value></field>"
                    + "<field var='user'><value> Ali* </value></field>"
                    + "<field var='fn'><value></value></field>"
                    + "<field var='email'><value>*</value></field>"
                    + "<field var='other'><value>ignored</value></field>"
                    + "</x></query>"));
    assertThat(c).isEqualTo(new SearchForm.Criteria("ali", null, null));
  }

  @Test
  void aMissingOrWrongFormIsRefused() {
    assertThatThrownBy(
            () ->
                SearchForm.parse(
                    XmlParser.parse("<query xmlns='jabber:iq:search'><nick>x</nick></query>")))
        .isInstanceOf(SearchForm.InvalidFormException.class);
    assertThatThrownBy(
            () ->
                SearchForm.parse(
                    XmlParser.parse(
                        "<query xmlns='jabber:iq:search'><x xmlns='jabber:x:data' type='form'/></query>")))
        .isInstanceOf(SearchForm.InvalidFormException.class);
    assertThatThrownBy(
            () ->
                SearchForm.parse(
                    XmlParser.parse(
                        "<query xmlns='jabber:iq:search'><x xmlns='jabber:x:data' type='submit'>"
                            + "<field var='FORM_TYPE'><value>urn:other</value></field></x></query>")))
        .isInstanceOf(SearchForm.InvalidFormException.class);
  }

  @Test
  void resultsReportJidFullNameAndEmail() {
    XmlElement query =
        SearchForm.results(
            List.of(new VCardSummary(Jid.of("alice@localhost"), "Alice", "alice@example.org")));
    XmlElement x = query.child("x", SearchForm.DATA_NS);
    assertThat(x.attr("type")).isEqualTo("result");
    assertThat(x.child("reported", SearchForm.DATA_NS).elements())
        .extracting(e -> e.attr("var"))
        .containsExactly("jid", "fn", "email");
    XmlElement item = x.child("item", SearchForm.DATA_NS);
    assertThat(item.elements())
        .extracting(e -> e.attr("var"), e -> e.childText("value", SearchForm.DATA_NS))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("jid", "alice@localhost"),
            org.assertj.core.groups.Tuple.tuple("fn", "Alice"),
            org.assertj.core.groups.Tuple.tuple("email", "alice@example.org"));
  }
}
