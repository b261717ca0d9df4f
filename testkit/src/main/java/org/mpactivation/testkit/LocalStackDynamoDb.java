package org.mpactivation.testkit;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * DynamoDB on LocalStack, in a container started through Testcontainers: the second engine the
 * store suites run on where a Docker engine exists. Where none runs, call {@link #assumeDocker()}
 * first (or use {@link LocalStackExtension}) and the suite is skipped with a clear message instead of
 * failing.
 *
 * <p>The image defaults to {@value #DEFAULT_IMAGE}, the last LocalStack release that starts without
 * an account; later releases (4.15 on, and {@code latest}) exit at start unless the environment
 * variable {@code LOCALSTACK_AUTH_TOKEN} is set, which is then passed into the container. Another
 * image can be named with system property {@value #IMAGE_PROPERTY}. Only the DynamoDB service is
 * started.
 *
 * <p>Unlike dynalite, LocalStack knows {@code TransactWriteItems} and {@code UpdateTimeToLive}; keep
 * the suites to what both engines do. Its tables also become {@code ACTIVE} without a wait worth
 * polling for.
 */
public final class LocalStackDynamoDb implements AutoCloseable {

    /** The image used unless {@value #IMAGE_PROPERTY} names another. */
    public static final String DEFAULT_IMAGE = "localstack/localstack:4.14.0";
    /** System property naming another LocalStack image. */
    public static final String IMAGE_PROPERTY = "localstack.image";
    /** The reason given when a LocalStack suite is skipped. */
    public static final String NO_DOCKER = "Docker is not available here: the LocalStack suite is skipped";

    private static final Logger LOG = LoggerFactory.getLogger(LocalStackDynamoDb.class);
    private static final Duration DOCKER_CHECK_DEADLINE = Duration.ofSeconds(20);
    private static final String AUTH_TOKEN = "LOCALSTACK_AUTH_TOKEN";

    private static Boolean dockerAvailable;
    private static LocalStackDynamoDb shared;

    private final LocalStackContainer container;
    private final DynamoDbEndpoint endpoint;
    private final boolean isShared;

    private LocalStackDynamoDb(LocalStackContainer container, boolean isShared) {
        this.container = container;
        this.isShared = isShared;
        this.endpoint = new DynamoDbEndpoint(container.getEndpoint(), container.getRegion(),
                container.getAccessKey(), container.getSecretKey(), "localstack");
    }

    /**
     * Whether a Docker engine answers. Asked once per JVM and remembered; never throws, and gives up
     * (answering false) after {@code 20 s} rather than hang.
     */
    public static synchronized boolean dockerAvailable() {
        if (dockerAvailable == null) {
            dockerAvailable = probeDocker();
        }
        return dockerAvailable;
    }

    /** Aborts the calling test (reported as skipped, with {@value #NO_DOCKER}) when Docker is absent. */
    public static void assumeDocker() {
        Assumptions.assumeTrue(dockerAvailable(), NO_DOCKER);
    }

    /**
     * The JVM-wide container, started on first call (this pulls the image the first time) and removed
     * when the JVM exits. Its {@link #close()} does nothing. Call {@link #assumeDocker()} first.
     */
    public static synchronized LocalStackDynamoDb shared() {
        if (shared == null || !shared.container.isRunning()) {
            LocalStackDynamoDb started = start(true);
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "localstack-stop"));
            shared = started;
        }
        return shared;
    }

    /** Starts a private container; the caller closes it. Call {@link #assumeDocker()} first. */
    public static LocalStackDynamoDb start() {
        return start(false);
    }

    private static LocalStackDynamoDb start(boolean isShared) {
        DockerImageName image = DockerImageName.parse(System.getProperty(IMAGE_PROPERTY, DEFAULT_IMAGE))
                .asCompatibleSubstituteFor("localstack/localstack");
        @SuppressWarnings("resource") // stopped by close() or the shutdown hook
        LocalStackContainer container = new LocalStackContainer(image).withServices("dynamodb");
        String token = System.getenv(AUTH_TOKEN);
        if (token != null && !token.isBlank()) {
            container.withEnv(AUTH_TOKEN, token);
        }
        long begin = System.nanoTime();
        container.start();
        LOG.info("LocalStack ({}) started at {} in {} ms", image, container.getEndpoint(),
                Duration.ofNanos(System.nanoTime() - begin).toMillis());
        return new LocalStackDynamoDb(container, isShared);
    }

    /** The endpoint, region and credentials of this container. */
    public DynamoDbEndpoint endpoint() {
        return endpoint;
    }

    /** Stops the container; does nothing for the {@link #shared()} instance. */
    @Override
    public void close() {
        if (!isShared) {
            stop();
        }
    }

    private void stop() {
        container.stop();
    }

    /**
     * Asks Testcontainers, on a daemon thread with a deadline: its discovery tries several
     * strategies (environment, config file, the usual sockets), which is quick when none exists, but
     * a half-configured engine could otherwise make it wait.
     */
    private static boolean probeDocker() {
        FutureTask<Boolean> probe = new FutureTask<>(() -> DockerClientFactory.instance().isDockerAvailable());
        Thread thread = new Thread(probe, "docker-probe");
        thread.setDaemon(true);
        thread.start();
        try {
            boolean available = probe.get(DOCKER_CHECK_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            if (!available) {
                LOG.info(NO_DOCKER);
            }
            return available;
        } catch (TimeoutException e) {
            probe.cancel(true);
            LOG.warn("No answer from a Docker engine within {} s: the LocalStack suite is skipped",
                    DOCKER_CHECK_DEADLINE.toSeconds());
            return false;
        } catch (ExecutionException | RuntimeException | LinkageError e) {
            LOG.warn("Docker check failed ({}): the LocalStack suite is skipped", String.valueOf(e));
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
