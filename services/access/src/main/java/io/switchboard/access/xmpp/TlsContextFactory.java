package io.switchboard.access.xmpp;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's TLS context: from a configured PKCS#12 key store, or from a self-signed one that is
 * generated under the data folder on first start (with the JDK's keytool, so no extra library), for
 * the XMPP domain, localhost and 127.0.0.1.
 */
public final class TlsContextFactory {

  private static final Logger LOG = LoggerFactory.getLogger(TlsContextFactory.class);

  private TlsContextFactory() {}

  public static SslContext create(XmppConfig config, Path dataDir, String domain)
      throws IOException, GeneralSecurityException {
    Path keystore;
    char[] password;
    if (config.tlsKeystore() != null) {
      keystore = Path.of(config.tlsKeystore());
      password =
          config.tlsKeystorePassword() == null
              ? new char[0]
              : config.tlsKeystorePassword().toCharArray();
    } else {
      Path dir = dataDir.resolve("tls");
      keystore = dir.resolve("xmpp.p12");
      Path passwordFile = dir.resolve("xmpp.p12.password");
      if (!Files.exists(keystore) || !Files.exists(passwordFile)) {
        generate(dir, keystore, passwordFile, domain);
      }
      password = Files.readString(passwordFile, StandardCharsets.UTF_8).trim().toCharArray();
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      ks.load(in, password);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, password);
    return SslContextBuilder.forServer(kmf)
        .sslProvider(SslProvider.JDK)
        .protocols("TLSv1.3", "TLSv1.2")
        .build();
  }

  private static void generate(Path dir, Path keystore, Path passwordFile, String domain)
      throws IOException {
    Files.createDirectories(dir);
    Files.deleteIfExists(keystore);
    byte[] secret = new byte[24];
    new SecureRandom().nextBytes(secret);
    String password = HexFormat.of().formatHex(secret);
    Files.writeString(passwordFile, password, StandardCharsets.UTF_8);
    restrict(passwordFile);
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    String san =
        "dns:" + domain + (domain.equals("localhost") ? "" : ",dns:localhost") + ",ip:127.0.0.1";
    List<String> command =
        List.of(
            keytool,
            "-genkeypair",
            "-alias",
            "switchboard",
            "-keyalg",
            "EC",
            "-groupname",
            "secp256r1",
            "-sigalg",
            "SHA256withECDSA",
            "-dname",
            "CN=" + domain,
            "-ext",
            "SAN=" + san,
            "-validity",
            "3650",
            "-storetype",
            "PKCS12",
            "-keystore",
            keystore.toString(),
            "-storepass",
            password,
            "-keypass",
            password);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output;
    try (InputStream in = p.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("keytool failed to create " + keystore + ": " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while creating " + keystore, e);
    }
    restrict(keystore);
    LOG.info("generated a self-signed certificate for {} in {}", domain, keystore);
  }

  private static void restrict(Path file) {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException | IOException e) {
      LOG.debug("cannot restrict permissions of {}: {}", file, e.toString());
    }
  }
}
