package org.mpactivation.aws.snapstart;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.mpactivation.adapter.aws.AwsCredentialSource;
import org.mpactivation.adapter.aws.AwsCredentials;

/**
 * The credentials source the light AWS clients (the store's DynamoDB client) sign with, replaceable after a
 * SnapStart restore: {@link #renew()} makes a fresh source, so that credentials cached before the snapshot
 * (which may have expired since, or belong to another environment's session) are never used after it.
 */
public final class RenewableAwsCredentials implements AwsCredentialSource {

    private final Supplier<? extends AwsCredentialSource> factory;
    private final AtomicReference<AwsCredentialSource> current;

    public RenewableAwsCredentials(Supplier<? extends AwsCredentialSource> factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.current = new AtomicReference<>(Objects.requireNonNull(factory.get(), "source"));
    }

    @Override
    public AwsCredentials credentials() {
        return current.get().credentials();
    }

    /** Replaces the source with a fresh one (nothing cached). */
    public void renew() {
        current.set(Objects.requireNonNull(factory.get(), "source"));
    }

    /** The source credentials come from now. */
    public AwsCredentialSource current() {
        return current.get();
    }
}
