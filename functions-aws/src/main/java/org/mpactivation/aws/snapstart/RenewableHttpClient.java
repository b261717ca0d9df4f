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
 * opened before it is handed to a request after it.
 */
public final class RenewableHttpClient implements SdkHttpClient {

    private final Supplier<? extends SdkHttpClient> factory;
    private final AtomicReference<SdkHttpClient> current;

    public RenewableHttpClient(Supplier<? extends SdkHttpClient> factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.current = new AtomicReference<>(Objects.requireNonNull(factory.get(), "client"));
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return current.get().prepareRequest(request);
    }

    /** Replaces the client with a fresh one; the old one is closed (requests it already prepared finish on it). */
    public void renew() {
        SdkHttpClient old = current.getAndSet(Objects.requireNonNull(factory.get(), "client"));
        old.close();
    }

    /** The client requests go through now. */
    public SdkHttpClient current() {
        return current.get();
    }

    @Override
    public String clientName() {
        return current.get().clientName();
    }

    @Override
    public void close() {
        current.get().close();
    }
}
