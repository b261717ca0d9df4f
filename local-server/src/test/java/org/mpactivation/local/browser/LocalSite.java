package org.mpactivation.local.browser;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.mpactivation.local.LocalConfig;
import org.mpactivation.local.LocalServer;
import org.mpactivation.testkit.Browser;

/**
 * The local server as the browser tests use it: on a free port, its store in a fresh directory, its e-mail
 * sent by SMTP to a {@link Mailbox}. One per test class.
 */
public final class LocalSite implements AutoCloseable {

    public static final String ADMIN_PASSWORD = "operator-password-1";

    private final Mailbox mailbox = new Mailbox();
    private final Path data;
    private final LocalServer server;

    public LocalSite() {
        try {
            data = Files.createTempDirectory("local-site-");
            Map<String, String> env = new java.util.HashMap<>(mailbox.environment());
            env.put("PORT", "0");
            env.put("DATA_DIR", data.toString());
            env.put("ADMIN_PASSWORD", ADMIN_PASSWORD);
            server = LocalServer.start(LocalConfig.fromEnvironment(env),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        } catch (IOException e) {
            mailbox.close();
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://localhost:<port>}: the buyer's address of the site. */
    public URI base() {
        return server.baseUrl();
    }

    public Mailbox mailbox() {
        return mailbox;
    }

    /** A buyer in this browser, writing in this language, whose pages go to {@code capture}. */
    public BuyerDriver buyer(Chromium browser, String language, PageCapture capture) {
        return new BuyerDriver(browser, base(), new Messages(language), mailbox, capture);
    }

    /** The operator, signed in, over plain HTTP (the operator view is not what these tests are about). */
    public Browser operator() {
        Browser operator = new Browser(base());
        var signedIn = operator.post("/operator/login", Map.of("password", ADMIN_PASSWORD));
        if (signedIn.statusCode() != 303) {
            throw new AssertionError("operator sign-in answered " + signedIn.statusCode());
        }
        return operator;
    }

    /** Runs a job of the operator view now, as its "Run ... now" button does. */
    public void runJob(String job) {
        var ran = operator().submit("/operator/jobs", "/operator/jobs/" + job, Map.of());
        if (ran.statusCode() != 303) {
            throw new AssertionError("running " + job + " answered " + ran.statusCode() + ": " + ran.body());
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            mailbox.close();
        }
    }
}
