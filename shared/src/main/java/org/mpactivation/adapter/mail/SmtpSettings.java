package org.mpactivation.adapter.mail;

import java.time.Duration;

/**
 * An SMTP relay. With {@code startTls} the connection must be upgraded to TLS (and the server's
 * certificate must match {@code host}) before anything, credentials included, is sent; without
 * it the mail travels in clear, which is only for a relay on the same host or a test server.
 *
 * @param username {@code null} for a relay that needs no login; set together with {@code password}
 * @param fromName the sender's display name, or {@code null}
 */
public record SmtpSettings(
        String host,
        int port,
        String username,
        String password,
        boolean startTls,
        String fromAddress,
        String fromName,
        Duration connectTimeout,
        Duration readTimeout) implements MailSettings {

    public static final int DEFAULT_PORT = 587;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);

    public SmtpSettings {
        host = SettingRules.host(host);
        port = SettingRules.port(port);
        username = SettingRules.blankToNull(username);
        password = password == null || password.isEmpty() ? null : password;
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("username and password go together");
        }
        fromAddress = SettingRules.senderAddress(fromAddress);
        fromName = SettingRules.displayName(fromName);
        connectTimeout = SettingRules.timeout(connectTimeout);
        readTimeout = SettingRules.timeout(readTimeout);
    }

    /** Settings with the default connect and read timeouts. */
    public SmtpSettings(String host, int port, String username, String password, boolean startTls,
            String fromAddress, String fromName) {
        this(host, port, username, password, startTls, fromAddress, fromName,
                DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT);
    }

    boolean authenticates() {
        return username != null;
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "SmtpSettings[host=" + host + ", port=" + port + ", username=" + username
                + ", password=" + (password == null ? "none" : "***") + ", startTls=" + startTls
                + ", fromAddress=" + fromAddress + ", fromName=" + fromName
                + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + "]";
    }
}
