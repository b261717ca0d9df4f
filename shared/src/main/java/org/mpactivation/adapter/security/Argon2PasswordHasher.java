package org.mpactivation.adapter.security;

import com.password4j.AlgorithmFinder;
import com.password4j.Argon2Function;
import com.password4j.Password;
import java.security.SecureRandom;
import com.password4j.types.Argon2;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.mpactivation.port.out.PasswordHasher;

/**
 * Argon2id with OWASP's recommended minimum (19 MiB memory, 2 iterations, 1 lane), a random salt
 * per hash, stored in the standard encoded form so that parameters can be raised later.
 *
 * <p>At most one hash or verify per processor runs at a time; the others wait their turn. Each one
 * allocates 19 MiB and keeps a core busy for tens of milliseconds, so running more at once finishes
 * none sooner and only multiplies the memory: a bounded heap (the local server's) ran out when two
 * dozen buyers submitted their password at the same moment.
 */
public final class Argon2PasswordHasher implements PasswordHasher {

    private static final int MEMORY_KIB = 19 * 1024;
    private static final int ITERATIONS = 2;
    private static final int PARALLELISM = 1;
    private static final int HASH_LENGTH = 32;

    private final Semaphore running = new Semaphore(Runtime.getRuntime().availableProcessors(), true);

    @Override
    public String hash(String password) {
        return oneAtATimePerCore(() -> Password.hash(password).addRandomSalt(16).with(Parameters.FUNCTION)
                .getResult());
    }

    /** Made by the first hash, not when the pages are built: the library reads its settings then. */
    private static final class Parameters {
        static final Argon2Function FUNCTION =
                Argon2Function.getInstance(MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_LENGTH, Argon2.ID);
    }

    /**
     * Adds fresh entropy to the generator the salts come from (the library keeps one for the process):
     * after a SnapStart restore, every environment restored from one snapshot would otherwise start from
     * the same generator state.
     */
    public static void reseedSalts() {
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        AlgorithmFinder.getSecureRandom().setSeed(seed);
    }

    @Override
    public boolean matches(String password, String hash) {
        return oneAtATimePerCore(() -> Password.check(password, hash).with(Argon2Function.getInstanceFromHash(hash)));
    }

    private <T> T oneAtATimePerCore(Supplier<T> work) {
        running.acquireUninterruptibly();
        try {
            return work.get();
        } finally {
            running.release();
        }
    }
}
