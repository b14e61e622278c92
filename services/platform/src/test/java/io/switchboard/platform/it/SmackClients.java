package io.switchboard.platform.it;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.SASLAuthentication;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;

/** Real Smack clients for the platform under test, trusting exactly its generated certificate. */
public final class SmackClients {

  static {
    SASLAuthentication.registerSASLMechanism(new ScramSha256Mechanism());
  }

  private SmackClients() {}

  /** A connected, logged-in client over STARTTLS with the given SASL mechanism. */
  public static XMPPTCPConnection login(
      TestPlatform platform, String user, String password, String resource, String mechanism)
      throws Exception {
    XMPPTCPConnection c = connect(platform, user, password, resource, mechanism);
    try {
      c.login();
    } catch (Exception e) {
      c.disconnect();
      throw e;
    }
    return c;
  }

  /** A connected client, not yet logged in, so listeners can be added before login. */
  public static XMPPTCPConnection connect(
      TestPlatform platform, String user, String password, String resource, String mechanism)
      throws Exception {
    XMPPTCPConnectionConfiguration config =
        XMPPTCPConnectionConfiguration.builder()
            .setXmppDomain("localhost")
            .setHost("127.0.0.1")
            .setPort(platform.xmppPort())
            .setUsernameAndPassword(user, password)
            .setResource(resource)
            .setSecurityMode(SecurityMode.required)
            .setCustomX509TrustManager(trustPlatform(platform.dataDir()))
            .addEnabledSaslMechanism(mechanism)
            .setSendPresence(true)
            .setConnectTimeout(10_000)
            .build();
    XMPPTCPConnection c = new XMPPTCPConnection(config);
    c.setReplyTimeout(10_000);
    c.connect();
    return c;
  }

  /** A client over XMPP-over-WebSocket (RFC 7395) at the platform's /xmpp-websocket. */
  public static org.jivesoftware.smack.c2s.ModularXmppClientToServerConnection loginWebSocket(
      TestPlatform platform, String user, String password, String resource) throws Exception {
    var builder =
        org.jivesoftware.smack.c2s.ModularXmppClientToServerConnectionConfiguration.builder();
    builder
        .setXmppDomain("localhost")
        .setUsernameAndPassword(user, password)
        .setResource(resource)
        .setSecurityMode(SecurityMode.disabled)
        .removeAllModules();
    URI endpoint = platform.httpUri().resolve("/xmpp-websocket");
    URI ws =
        new URI("ws", null, endpoint.getHost(), endpoint.getPort(), endpoint.getPath(), null, null);
    builder.addModule(
        org.jivesoftware.smack.websocket.XmppWebSocketTransportModuleDescriptor.getBuilder(builder)
            .explicitlySetWebSocketEndpointAndDiscovery(ws, false)
            .build());
    var c = new org.jivesoftware.smack.c2s.ModularXmppClientToServerConnection(builder.build());
    c.setReplyTimeout(10_000);
    c.connect().login();
    return c;
  }

  static X509TrustManager trustPlatform(Path dataDir) throws Exception {
    Path tls = dataDir.resolve("tls");
    char[] password =
        Files.readString(tls.resolve("xmpp.p12.password"), StandardCharsets.UTF_8)
            .trim()
            .toCharArray();
    KeyStore server = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(tls.resolve("xmpp.p12"))) {
      server.load(in, password);
    }
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry(
        "switchboard", (X509Certificate) server.getCertificate("switchboard"));
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    return (X509TrustManager) tmf.getTrustManagers()[0];
  }
}
