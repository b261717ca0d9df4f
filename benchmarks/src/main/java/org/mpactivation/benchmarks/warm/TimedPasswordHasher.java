package org.mpactivation.benchmarks.warm;

import java.util.Objects;
import org.mpactivation.port.out.PasswordHasher;

/** The {@link PasswordHasher} port with each hash and each verify timed into {@link SideCosts}. */
final class TimedPasswordHasher implements PasswordHasher {

    static final String HASH = "argon2id hash";
    static final String VERIFY = "argon2id verify";

    private final PasswordHasher delegate;
    private final SideCosts costs;

    TimedPasswordHasher(PasswordHasher delegate, SideCosts costs) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.costs = Objects.requireNonNull(costs, "costs");
    }

    @Override
    public String hash(String password) {
        long cpu = SideCosts.cpuNow();
        long start = System.nanoTime();
        try {
            return delegate.hash(password);
        } finally {
            costs.add(HASH, System.nanoTime() - start, SideCosts.cpuNow() - cpu);
        }
    }

    @Override
    public boolean matches(String password, String hash) {
        long cpu = SideCosts.cpuNow();
        long start = System.nanoTime();
        try {
            return delegate.matches(password, hash);
        } finally {
            costs.add(VERIFY, System.nanoTime() - start, SideCosts.cpuNow() - cpu);
        }
    }
}
