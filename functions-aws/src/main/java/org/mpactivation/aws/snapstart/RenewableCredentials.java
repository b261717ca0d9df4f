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
 * may have expired since, or belong to another environment's session) are never used after it.
 */
public final class RenewableCredentials implements AwsCredentialsProvider {

    private final Supplier<? extends AwsCredentialsProvider> factory;
    private final AtomicReference<AwsCredentialsProvider> current;

    public RenewableCredentials(Supplier<? extends AwsCredentialsProvider> factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.current = new AtomicReference<>(Objects.requireNonNull(factory.get(), "provider"));
    }

    @Override
    public AwsCredentials resolveCredentials() {
        return current.get().resolveCredentials();
    }

    /** Replaces the provider with a fresh one (nothing cached); the old one is closed where it can be. */
    public void renew() {
        AwsCredentialsProvider old = current.getAndSet(Objects.requireNonNull(factory.get(), "provider"));
        if (old instanceof SdkAutoCloseable closeable) {
            closeable.close();
        }
    }

    /** The provider credentials come from now. */
    public AwsCredentialsProvider current() {
        return current.get();
    }
}
