package org.mpactivation.aws.snapstart;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.mpactivation.adapter.aws.AwsHttp;

/**
 * The HTTP transport the light AWS clients send through, replaceable after a SnapStart restore:
 * {@link #renew()} makes a fresh one. Priming never sends through it (it uses a canned transport), so no
 * connection opened before the snapshot exists to be handed to a request after it.
 */
public final class RenewableAwsHttp implements AwsHttp {

    private final Supplier<? extends AwsHttp> factory;
    private final AtomicReference<AwsHttp> current;

    public RenewableAwsHttp(Supplier<? extends AwsHttp> factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.current = new AtomicReference<>(Objects.requireNonNull(factory.get(), "http"));
    }

    @Override
    public Response send(Request request) throws IOException {
        return current.get().send(request);
    }

    /** Replaces the transport with a fresh one. */
    public void renew() {
        current.set(Objects.requireNonNull(factory.get(), "http"));
    }

    /** The transport requests go through now. */
    public AwsHttp current() {
        return current.get();
    }
}
