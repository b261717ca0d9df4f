package org.mpactivation.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.mpactivation.port.out.Allowances;
import org.mpactivation.repository.ReadPlan;

/**
 * Applies {@link CodeLimits}: takes each send and each code check from the allowances of the client,
 * account and address it concerns. Counters are named by a keyed digest of their subject, so the
 * store holds no address in clear.
 */
final class CodeLimiter {

    private static final String CHECKS = "code-checks";

    private final Allowances allowances;
    private final CodeLimits limits;
    private final SigningKey key;
    private final Clock clock;

    CodeLimiter(Allowances allowances, CodeLimits limits, SigningKey key, Clock clock) {
        this.allowances = allowances;
        this.limits = limits;
        this.key = key;
        this.clock = clock;
    }

    /**
     * Takes one send from the client's allowance, then from the account's the code is asked for, or
     * where it names none, the address's: a client over its own cap uses up nobody else's. A code
     * for a named account is not counted against its address: the address is the account's secret,
     * and a count it shared with other flows would answer a name with an account differently from
     * a name without one.
     *
     * @throws CodeLimitException naming the first limit reached
     */
    void takeSend(CodeRequest request) {
        Optional<String> network = ClientNetwork.of(request.client());
        if (network.isPresent()) {
            take(CodeLimitException.Kind.CLIENT, "send-client", network.get(), limits.sendsPerClient());
        }
        if (request.account() != null) {
            take(CodeLimitException.Kind.ACCOUNT, "send-account", request.account(), limits.sendsPerAccount());
        } else {
            take(CodeLimitException.Kind.ADDRESS, "send-address", request.address(), limits.sendsPerAddress());
        }
    }

    /**
     * Takes one check from the allowance of code checks of {@code subject} (an account, or the
     * address a code proves), before the code is compared, so that parallel guesses cannot compare
     * more than the cap. A right code keeps its use too: giving it back would cost a write on every
     * successful check, and the cap leaves room for the right ones ({@link CodeLimits#standard()}).
     *
     * @return the checks left after this one
     * @throws CodeLimitException if none are left
     */
    Allowances.Use takeCheck(String subject) {
        return take(CodeLimitException.Kind.CODE_CHECKS, CHECKS, subject, limits.codeChecksPerAccount());
    }

    /** Adds the counters {@link #takeSend} reads to {@code plan}. */
    void planSend(ReadPlan plan, CodeRequest request) {
        ClientNetwork.of(request.client()).ifPresent(network -> plan.allowance(counter("send-client", network)));
        plan.allowance(request.account() != null ? counter("send-account", request.account())
                : counter("send-address", request.address()));
    }

    /** Adds the counter {@link #takeCheck} reads to {@code plan}. */
    void planCheck(ReadPlan plan, String subject) {
        plan.allowance(counter(CHECKS, subject));
    }

    long secondsUntil(Instant renewsAt) {
        return Math.max(1, Duration.between(clock.instant(), renewsAt).toSeconds());
    }

    private Allowances.Use take(CodeLimitException.Kind kind, String what, String subject, CodeLimits.Limit limit) {
        Allowances.Use use = allowances.take(counter(what, subject), limit.max(), limit.window());
        if (!use.granted()) {
            throw new CodeLimitException(kind, secondsUntil(use.renewsAt()));
        }
        return use;
    }

    private String counter(String what, String subject) {
        return what + "#" + key.sign("code-limit", what, subject);
    }
}
