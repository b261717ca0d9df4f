package org.mpactivation.aws.snapstart;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.mpactivation.port.out.RandomSource;

/**
 * The random source the use cases draw ids, secrets and codes from, replaceable after a SnapStart
 * restore: every environment restored from one snapshot would otherwise hold the same generator state.
 * {@link #renew()} puts a newly seeded source in its place; the use cases keep this holder.
 */
public final class RenewableRandomSource implements RandomSource {

    private final Supplier<? extends RandomSource> factory;
    private final AtomicReference<RandomSource> current;

    public RenewableRandomSource(Supplier<? extends RandomSource> factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.current = new AtomicReference<>(Objects.requireNonNull(factory.get(), "random"));
    }

    public void renew() {
        current.set(Objects.requireNonNull(factory.get(), "random"));
    }

    /** The source values come from now. */
    public RandomSource current() {
        return current.get();
    }

    @Override
    public String newId() {
        return current.get().newId();
    }

    @Override
    public String secret(int bytes) {
        return current.get().secret(bytes);
    }

    @Override
    public String sixDigitCode() {
        return current.get().sixDigitCode();
    }
}
