package org.mpactivation.aws.snapstart;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.mpactivation.adapter.aws.AwsHttp;

/**
 * The transport every light AWS client of a function sends through, replaceable after a SnapStart restore:
 * {@link #renew()} puts a fresh one in place, so nothing a transport set up before the snapshot is used
 * after it.
 */
public final class RenewableAwsHttp implements AwsHttp {

    private final Supplier<? extends AwsHttp> factory;
    private final AtomicReference<AwsHttp> current;

    public RenewableAwsHttp(Supplier<? extends AwsHttp> factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.current = new AtomicReference<>(Objects.requireNonNull(factory.get(), "transport"));
    }

    @Override
    public Response send(Request request) throws IOException {
        return current.get().send(request);
    }

    /** Replaces the transport with a fresh one (requests already sent finish on the old one). */
    public void renew() {
        current.set(Objects.requireNonNull(factory.get(), "transport"));
    }

    /** The transport requests go through now. */
    public AwsHttp current() {
        return current.get();
    }
}
