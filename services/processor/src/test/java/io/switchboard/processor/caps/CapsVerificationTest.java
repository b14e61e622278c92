package io.switchboard.processor.caps;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.xmpp.XmlElement;
import io.switchboard.xmpp.XmlParser;
import org.junit.jupiter.api.Test;

/** The examples of XEP-0115 §5.2 and §5.3, and the ill-formed answers of §5.4. */
class CapsVerificationTest {

  private static final String SIMPLE =
      "<query xmlns='http://jabber.org/protocol/disco#info'>"
          + "<identity category='client' type='pc' name='Exodus 0.9.1'/>"
          + "<feature var='http://jabber.org/protocol/disco#info'/>"
          + "<feature var='http://jabber.org/protocol/disco#items'/>"
          + "<feature var='http://jabber.org/protocol/muc'/>"
          + "<feature var='http://jabber.org/protocol/caps'/>"
          + "</query>";

  private static final String COMPLEX =
      "<query xmlns='http://jabber.org/protocol/disco#info'>"
          + "<identity xml:lang='en' category='client' name='Psi 0.11' type='pc'/>"
          + "<identity xml:lang='el' category='client' name='\u03a8 0.11' type='pc'/>"
          + "<feature var='http://jabber.org/protocol/caps'/>"
          + "<feature var='http://jabber.org/protocol/disco#info'/>"
          + "<feature var='http://jabber.org/protocol/disco#items'/>"
          + "<feature var='http://jabber.org/protocol/muc'/>"
          + "<x xmlns='jabber:x:data' type='result'>"
          + "<field var='FORM_TYPE' type='hidden'><value>urn:xmpp:dataforms:softwareinfo</value>"
          + "</field>"
          + "<field var='ip_version'><value>ipv6</value><value>ipv4</value></field>"
          + "<field var='os'><value>Mac</value></field>"
          + "<field var='os_version'><value>10.5.1</value></field>"
          + "<field var='software'><value>Psi</value></field>"
          + "<field var='software_version'><value>0.11</value></field>"
          + "</x></query>";

  @Test
  void theSimpleExampleHashesToItsVer() throws Exception {
    XmlElement query = XmlParser.parse(SIMPLE);
    assertThat(CapsVerification.input(query))
        .isEqualTo(
            "client/pc//Exodus 0.9.1<http://jabber.org/protocol/caps<"
                + "http://jabber.org/protocol/disco#info<http://jabber.org/protocol/disco#items<"
                + "http://jabber.org/protocol/muc<");
    assertThat(CapsVerification.matches(query, "sha-1", "QgayPKawpkPSDYmwT/WM94uAlu0=")).isTrue();
  }

  @Test
  void theComplexExampleWithAnExtendedFormHashesToItsVer() throws Exception {
    XmlElement query = XmlParser.parse(COMPLEX);
    assertThat(CapsVerification.ver(query, "sha-1")).isEqualTo("q07IKJEyjvHSyhy//CH0CxmKi8w=");
  }

  @Test
  void anotherAnswerOrAnUnknownHashFunctionDoesNotMatch() throws Exception {
    XmlElement query = XmlParser.parse(SIMPLE);
    assertThat(CapsVerification.matches(query, "sha-1", "q07IKJEyjvHSyhy//CH0CxmKi8w=")).isFalse();
    assertThat(CapsVerification.ver(query, "no-such-hash")).isNull();
    assertThat(CapsVerification.ver(query, "sha-256"))
        .isNotNull()
        .isNotEqualTo(CapsVerification.ver(query, "sha-1"));
  }

  @Test
  void duplicatesMakeTheAnswerIllFormedAndFormsWithoutHiddenFormTypeAreLeftOut() throws Exception {
    String duplicateFeature =
        SIMPLE.replace("</query>", "<feature var='http://jabber.org/protocol/muc'/></query>");
    assertThat(CapsVerification.ver(XmlParser.parse(duplicateFeature), "sha-1")).isNull();
    String duplicateIdentity =
        SIMPLE.replace(
            "</query>", "<identity category='client' type='pc' name='Exodus 0.9.1'/></query>");
    assertThat(CapsVerification.ver(XmlParser.parse(duplicateIdentity), "sha-1")).isNull();
    String twoForms =
        COMPLEX.replace(
            "</query>",
            "<x xmlns='jabber:x:data' type='result'><field var='FORM_TYPE' type='hidden'>"
                + "<value>urn:xmpp:dataforms:softwareinfo</value></field></x></query>");
    assertThat(CapsVerification.ver(XmlParser.parse(twoForms), "sha-1")).isNull();
    String notHidden =
        SIMPLE.replace(
            "</query>",
            "<x xmlns='jabber:x:data' type='result'><field var='FORM_TYPE'>"
                + "<value>urn:example</value></field><field var='a'><value>b</value></field>"
                + "</x></query>");
    assertThat(CapsVerification.ver(XmlParser.parse(notHidden), "sha-1"))
        .isEqualTo("QgayPKawpkPSDYmwT/WM94uAlu0=");
  }
}
