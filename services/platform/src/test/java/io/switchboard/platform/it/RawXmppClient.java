package io.switchboard.platform.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A deliberately primitive XMPP client over a plain socket, to send what real clients never would.
 */
final class RawXmppClient implements AutoCloseable {

  static final String HEADER =
      "<?xml version='1.0'?><stream:stream to='localhost' xmlns='jabber:client'"
          + " xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>";

  private final int port;
  private Socket socket;
  private InputStream in;
  private OutputStream out;
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();
  private boolean closedByServer;

  RawXmppClient(int port) throws IOException {
    this.port = port;
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(200);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  void send(String xml) throws IOException {
    out.write(xml.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  void send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Reads until the text contains {@code marker}, the server closes, or the time is up. */
  String readUntil(String marker, Duration max) throws IOException {
    Instant deadline = Instant.now().plus(max);
    byte[] buf = new byte[8192];
    while (Instant.now().isBefore(deadline) && !closedByServer) {
      if (text().contains(marker)) {
        break;
      }
      try {
        int n = in.read(buf);
        if (n < 0) {
          closedByServer = true;
        } else {
          received.write(buf, 0, n);
        }
      } catch (SocketTimeoutException again) {
        // keep polling until the deadline
      } catch (IOException reset) {
        closedByServer = true;
      }
    }
    return text();
  }

  /** Waits for the server to close the connection; true if it did within the time. */
  boolean awaitClose(Duration max) throws IOException {
    readUntil("\u0000never", max);
    return closedByServer;
  }

  String text() {
    return received.toString(StandardCharsets.UTF_8);
  }

  /** Opens a stream, authenticates with PLAIN (allowed without TLS in this test) and binds. */
  void login(String user, String password, String resource) throws IOException {
    send(HEADER);
    readUntil("</stream:features>", Duration.ofSeconds(5));
    String creds = "\0" + user + "\0" + password;
    send(
        "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
            + Base64.getEncoder().encodeToString(creds.getBytes(StandardCharsets.UTF_8))
            + "</auth>");
    expect("<success", "authentication");
    send(HEADER);
    expect("urn:ietf:params:xml:ns:xmpp-bind", "bind feature");
    send(
        "<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>"
            + resource
            + "</resource></bind></iq>");
    expect("</jid>", "bind result");
  }

  /**
   * STARTTLS (RFC 6120 §5.4) trusting any certificate (the server's is generated); what was read
   * before is forgotten, and the caller sends the new stream header.
   */
  void startTls() throws IOException {
    send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
    expect("<proceed", "STARTTLS proceed");
    try {
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, new TrustManager[] {new TrustAll()}, null);
      SSLSocket ssl =
          (SSLSocket) tls.getSocketFactory().createSocket(socket, "localhost", port, true);
      ssl.setSoTimeout(200);
      ssl.startHandshake();
      socket = ssl;
      in = ssl.getInputStream();
      out = ssl.getOutputStream();
      received.reset();
    } catch (GeneralSecurityException e) {
      throw new IOException(e);
    }
  }

  /**
   * Ends the client's sending side without closing the connection: a TCP FIN, or on TLS a
   * close_notify alert.
   */
  void shutdownOutput() throws IOException {
    socket.shutdownOutput();
  }

  /**
   * The iq with this id the server sent (its {@code id} written as {@code id="..."}), once it
   * arrived completely.
   *
   * @throws IOException if it does not arrive within {@code max}
   */
  String iq(String id, Duration max) throws IOException {
    String marker = "id=\"" + id + "\"";
    Instant deadline = Instant.now().plus(max);
    while (true) {
      String t = text();
      int at = t.indexOf(marker);
      if (at >= 0) {
        int start = t.lastIndexOf("<iq", at);
        int tagEnd = t.indexOf('>', at);
        if (tagEnd > 0 && t.charAt(tagEnd - 1) == '/') {
          return t.substring(start, tagEnd + 1);
        }
        int close = t.indexOf("</iq>", at);
        if (close > 0) {
          return t.substring(start, close + "</iq>".length());
        }
      }
      if (closedByServer || Instant.now().isAfter(deadline)) {
        throw new IOException("no complete iq " + id + "; got: " + t);
      }
      readUntil("\u0000never", Duration.ofMillis(100));
    }
  }

  /** Whether the server keeps the connection open for at least {@code time}. */
  boolean staysOpen(Duration time) throws IOException {
    readUntil("\u0000never", time);
    return !closedByServer;
  }

  private static final class TrustAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  private void expect(String marker, String what) throws IOException {
    String seen = readUntil(marker, Duration.ofSeconds(5));
    if (!seen.contains(marker)) {
      throw new IOException("no " + what + "; got: " + seen);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
