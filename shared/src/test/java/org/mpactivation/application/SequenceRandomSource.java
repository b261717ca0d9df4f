package org.mpactivation.application;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Deque;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;
import org.mpactivation.port.out.RandomSource;

/**
 * Predictable "random" values, so that two runs of the same steps produce the same items: ids and
 * secrets from a counter, codes from a seeded generator unless a test queued the next ones.
 */
public final class SequenceRandomSource implements RandomSource {

    private final AtomicLong counter = new AtomicLong();
    private final Random codes = new Random(20250301L);
    private final Deque<String> queuedCodes = new ConcurrentLinkedDeque<>();

    /** The next codes to hand out, in order. */
    public void queueCodes(String... values) {
        for (String value : values) {
            queuedCodes.addLast(value);
        }
    }

    @Override
    public String newId() {
        return secret(16);
    }

    @Override
    public String secret(int bytes) {
        String seed = String.format(Locale.ROOT, "secret-%08d-", counter.incrementAndGet()).repeat(bytes);
        byte[] value = seed.substring(0, bytes).getBytes(StandardCharsets.US_ASCII);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }

    @Override
    public synchronized String sixDigitCode() {
        String queued = queuedCodes.pollFirst();
        return queued != null ? queued : String.format(Locale.ROOT, "%06d", codes.nextInt(1_000_000));
    }
}
