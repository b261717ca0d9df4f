package org.mpactivation.aws.notify;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A locally made stand-in for SNS's signing key: an RSA key and a self-signed certificate issued by
 * the JDK's keytool. SnsMessageManager checks the certificate's host name and validity period but
 * not its chain (trust comes from fetching it over TLS from the SNS host), so a certificate for
 * {@code sns.amazonaws.com} served by a fake HTTP client passes, and every other check stays real.
 */
public final class SnsSigningKey {

    public static final String SNS_CERTIFICATE_NAME = "sns.amazonaws.com";

    private final PrivateKey privateKey;
    private final X509Certificate certificate;

    private SnsSigningKey(PrivateKey privateKey, X509Certificate certificate) {
        this.privateKey = privateKey;
        this.certificate = certificate;
    }

    /** A certificate for {@code hostName}, valid {@code days} from {@code startDate} (keytool syntax; null: now). */
    public static SnsSigningKey issue(Path dir, String alias, String hostName, String startDate, int days)
            throws IOException, InterruptedException, GeneralSecurityException {
        Path store = dir.resolve(alias + ".p12");
        char[] password = "test-only".toCharArray();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", alias, "-keyalg", "RSA", "-keysize", "2048", "-sigalg", "SHA256withRSA",
                "-dname", "CN=" + hostName, "-ext", "SAN=dns:" + hostName, "-validity", Integer.toString(days),
                "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", new String(password), "-keypass", new String(password), "-noprompt"));
        if (startDate != null) {
            command.addAll(List.of("-startdate", startDate));
        }
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, password);
        }
        return new SnsSigningKey((PrivateKey) keyStore.getKey(alias, password),
                (X509Certificate) keyStore.getCertificate(alias));
    }

    /** The certificate as SNS serves it: PEM with 64-character lines. */
    public String certificatePem() throws GeneralSecurityException {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(certificate.getEncoded());
        return "-----BEGIN CERTIFICATE-----\n" + base64 + "\n-----END CERTIFICATE-----\n";
    }

    /** Signature version 1 signs with SHA1withRSA, version 2 with SHA256withRSA. */
    String sign(String canonical, int signatureVersion) throws GeneralSecurityException {
        Signature signature = Signature.getInstance(signatureVersion == 1 ? "SHA1withRSA" : "SHA256withRSA");
        signature.initSign(privateKey);
        signature.update(canonical.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(signature.sign());
    }
}
