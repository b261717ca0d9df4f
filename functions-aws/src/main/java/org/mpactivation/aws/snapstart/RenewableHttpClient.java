package org.mpactivation.aws.snapstart;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * The HTTP client every SDK client of a function sends through, replaceable after a SnapStart restore:
 * {@link #renew()} builds a fresh client and closes the one from before the snapshot, so no connection
 * opened before it is handed to a request after it. The client is built on first use: a function whose
 * clients are all light ones (the fulfillment) never builds one, nor the TLS context it sets up.
 */
public final class RenewableHttpClient implements SdkHttpClient {

    private final Supplier<? extends SdkHttpClient> factory;
    private final AtomicReference<SdkHttpClient> current;

    public RenewableHttpClient(Supplier<? extends SdkHttpClient> factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.current = new AtomicReference<>();
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return current().prepareRequest(request);
    }

    /**
     * Forgets the client, closing it (requests it already prepared finish on it); the next request builds a
     * fresh one.
     */
    public void renew() {
        SdkHttpClient old = current.getAndSet(null);
        if (old != null) {
            old.close();
        }
    }

    /** Whether a client has been built since the last renewal. */
    public boolean built() {
        return current.get() != null;
    }

    /** The client requests go through now, built if there is none yet. */
    public SdkHttpClient current() {
        SdkHttpClient client = current.get();
        if (client != null) {
            return client;
        }
        SdkHttpClient fresh = Objects.requireNonNull(factory.get(), "client");
        if (current.compareAndSet(null, fresh)) {
            return fresh;
        }
        fresh.close();
        return current();
    }

    @Override
    public String clientName() {
        return current().clientName();
    }

    @Override
    public void close() {
        SdkHttpClient client = current.getAndSet(null);
        if (client != null) {
            client.close();
        }
    }
}
