package org.mpactivation.adapter.mail;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The checks shared by the settings records and the environment reader. Messages describe the
 * rule and never repeat the rejected value: a misplaced password must not reach a log.
 */
final class SettingRules {

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]+");

    private SettingRules() {
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    static String host(String host) {
        if (host == null || host.isBlank() || host.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("must be a host name");
        }
        return host;
    }

    static int port(int port) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("must be a port number between 1 and 65535");
        }
        return port;
    }

    static int port(String port) {
        try {
            return port(Integer.parseInt(port.strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a port number between 1 and 65535");
        }
    }

    static boolean flag(String value) {
        String v = value.strip();
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("must be true or false");
    }

    /** A bare address such as {@code no-reply@example.com}, without a display name. */
    static String senderAddress(String address) {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("must be an e-mail address");
        }
        try {
            InternetAddress parsed = new InternetAddress(address.strip(), true);
            if (parsed.getPersonal() != null || parsed.getAddress().indexOf('@') < 1) {
                throw new IllegalArgumentException("must be a bare e-mail address such as no-reply@example.com");
            }
            return parsed.getAddress();
        } catch (AddressException e) {
            throw new IllegalArgumentException("must be an e-mail address");
        }
    }

    static String displayName(String name) {
        String n = blankToNull(name);
        if (n != null && (n.indexOf('\r') >= 0 || n.indexOf('\n') >= 0)) {
            throw new IllegalArgumentException("must be one line");
        }
        return n;
    }

    static Duration timeout(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()
                || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("must be a positive duration");
        }
        return timeout;
    }

    static String region(String region) {
        if (region == null || !REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("must be an AWS region name such as eu-west-1");
        }
        return region;
    }

    static URI endpoint(String endpoint) {
        try {
            return endpoint(new URI(endpoint.strip()));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("must be an http or https URL");
        }
    }

    static URI endpoint(URI endpoint) {
        if (endpoint == null) {
            return null;
        }
        String scheme = endpoint.getScheme();
        if (!("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme)) || endpoint.getHost() == null) {
            throw new IllegalArgumentException("must be an http or https URL");
        }
        return endpoint;
    }

    static String configurationSetName(String name) {
        String n = blankToNull(name);
        if (n != null && !n.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("must be 1 to 64 letters, digits, '_' or '-'");
        }
        return n;
    }
}
