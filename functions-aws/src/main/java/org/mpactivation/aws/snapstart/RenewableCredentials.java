package org.mpactivation.aws.snapstart;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The credentials provider every SDK client of a function signs with, replaceable after a SnapStart
 * restore: {@link #renew()} builds a fresh provider, so credentials cached before the snapshot (which
 * may have expired since, or belong to another environment's session) are never used after it. The
 * provider is built on first use: a function whose clients are all light ones (the fulfillment) never
 * builds one.
 */
public final class RenewableCredentials implements AwsCredentialsProvider {

    private final Supplier<? extends AwsCredentialsProvider> factory;
    private final AtomicReference<AwsCredentialsProvider> current;

    public RenewableCredentials(Supplier<? extends AwsCredentialsProvider> factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.current = new AtomicReference<>();
    }

    @Override
    public AwsCredentials resolveCredentials() {
        return current().resolveCredentials();
    }

    /**
     * Forgets the provider (nothing cached survives); the next use builds a fresh one. The old one is closed
     * where it can be.
     */
    public void renew() {
        close(current.getAndSet(null));
    }

    /** Whether a provider has been built since the last renewal. */
    public boolean built() {
        return current.get() != null;
    }

    /** The provider credentials come from now, built if there is none yet. */
    public AwsCredentialsProvider current() {
        AwsCredentialsProvider provider = current.get();
        if (provider != null) {
            return provider;
        }
        AwsCredentialsProvider fresh = Objects.requireNonNull(factory.get(), "provider");
        if (current.compareAndSet(null, fresh)) {
            return fresh;
        }
        close(fresh);
        return current();
    }

    private static void close(AwsCredentialsProvider provider) {
        if (provider instanceof SdkAutoCloseable closeable) {
            closeable.close();
        }
    }
}
