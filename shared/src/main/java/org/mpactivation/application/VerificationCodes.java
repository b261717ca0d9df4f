package org.mpactivation.application;

import org.mpactivation.domain.Timestamps;
import java.text.MessageFormat;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ResourceBundle;
import org.mpactivation.port.out.Allowances;
import org.mpactivation.port.out.EmailMessage;
import org.mpactivation.port.out.MailDeliveryException;
import org.mpactivation.port.out.Mailer;
import org.mpactivation.port.out.RandomSource;
import org.mpactivation.port.out.store.ConditionFailedException;
import org.mpactivation.port.out.store.ConflictRetries;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemKey;
import org.mpactivation.port.out.store.ItemStore;
import org.mpactivation.repository.ReadPlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Six-digit e-mail codes: stored only as a keyed hash, valid for a limited time, a limited number
 * of attempts, and not re-sent before a cooldown. A code belongs to one session, purpose and
 * address. Every check, right or wrong, first counts its attempt with a conditional write: a check
 * on a read that concurrent requests have made stale would let many parallel guesses through.
 *
 * <p>A new session brings no new allowance: codes mailed per address, per account and per client,
 * and codes checked per account or address, are capped across sessions ({@link CodeLimits}); a
 * request over a cap withdraws the session's outstanding code.
 */
public final class VerificationCodes {

    private static final Logger LOG = LoggerFactory.getLogger(VerificationCodes.class);

    private final ItemStore store;
    private final Mailer mailer;
    private final RandomSource random;
    private final SigningKey key;
    private final Clock clock;
    private final CodePolicy policy;
    private final CodeLimiter limiter;

    public VerificationCodes(ItemStore store, Allowances allowances, Mailer mailer, RandomSource random, SigningKey key,
                             Clock clock, CodePolicy policy) {
        this.store = store;
        this.mailer = mailer;
        this.random = random;
        this.key = key;
        this.clock = clock;
        this.policy = policy;
        this.limiter = new CodeLimiter(allowances, policy.limits(), key, clock);
    }

    public CodePolicy policy() {
        return policy;
    }

    /** Sends a code to {@code email} for a client whose network address is not known. */
    public void send(String sessionId, CodePurpose purpose, String email, Locale locale) {
        send(CodeRequest.to(sessionId, purpose, email, ClientNetwork.UNKNOWN), locale);
    }

    /**
     * Sends a new code to the request's address, replacing an earlier one of the session.
     *
     * @throws CodeCooldownException if the last code for this address went out too recently
     * @throws CodeLimitException    if a limit across sessions is reached (the earlier code is withdrawn)
     * @throws MailDeliveryException if the mail was not accepted (the code is then withdrawn)
     */
    public void send(CodeRequest request, Locale locale) {
        String sessionId = request.sessionId();
        CodePurpose purpose = request.purpose();
        String email = request.address();
        ItemKey itemKey = key(sessionId, purpose, email);
        Instant now = clock.instant();
        Optional<Item> previous = store.get(itemKey);
        previous.ifPresent(item -> {
            Instant sentAt = Timestamps.parse(item.get("sentAt"));
            Duration since = Duration.between(sentAt, now);
            if (since.compareTo(policy.resendCooldown()) < 0) {
                Duration left = policy.resendCooldown().minus(since);
                throw new CodeCooldownException((left.toMillis() + 999) / 1000);
            }
        });
        try {
            limiter.takeSend(request);
        } catch (CodeLimitException overLimit) {
            previous.ifPresent(this::withdraw);
            LOG.warn("verification code refused limit={} purpose={} session={}", overLimit.kind(), purpose,
                    shortId(sessionId));
            throw overLimit;
        }
        String code = random.sixDigitCode();
        Item item = new Item(itemKey, Map.of(
                "hash", hash(sessionId, purpose, email, code),
                "attempts", "0",
                "sentAt", Timestamps.format(now)), previous.map(Item::version).orElse(0L),
                now.plus(policy.lifetime()), null);
        Item stored;
        try {
            stored = previous.isPresent() ? store.replace(item) : store.putIfAbsent(item);
        } catch (ConditionFailedException concurrentSend) {
            throw new CodeCooldownException(policy.resendCooldown().toSeconds());
        }
        if (!request.deliver()) {
            return;
        }
        try {
            mailer.send(message(email, code, locale));
            LOG.info("verification code sent purpose={} session={}", purpose, shortId(sessionId));
        } catch (MailDeliveryException e) {
            withdraw(stored);
            throw e;
        }
    }

    /**
     * Checks a code. Each check, right or wrong, uses up one attempt of the code and one of the
     * address's code checks (both counted before the comparison, so that concurrent guesses cannot
     * compare more codes than allowed; nothing is given back after a right code); after the last
     * attempt even the right code is refused until a new one is sent, and after the address's last
     * check until its window ends.
     *
     * @throws CodeRejectedException when the code is not accepted
     * @throws CodeLimitException    when the address has no code checks left (the code is withdrawn)
     */
    public void verify(String sessionId, CodePurpose purpose, String email, String code) {
        verifyForAccount(sessionId, purpose, email, null, code);
    }

    /**
     * Checks a code asked for an account ({@link CodeRequest#forAccount}): the check is counted
     * against {@code account}, or where it is null, against {@code email}.
     */
    public void verifyForAccount(String sessionId, CodePurpose purpose, String email, String account, String code) {
        String checker = account != null ? account : email;
        ItemKey itemKey = key(sessionId, purpose, email);
        ConflictRetries retries = ConflictRetries.of("code attempt count");
        while (retries.next()) {
            Item item = store.get(itemKey).orElseThrow(
                    () -> new CodeRejectedException(CodeRejectedException.Reason.EXPIRED_OR_MISSING, 0));
            int attempts = Integer.parseInt(item.get("attempts"));
            if (attempts >= policy.maxAttempts()) {
                throw new CodeRejectedException(CodeRejectedException.Reason.TOO_MANY_ATTEMPTS, 0);
            }
            Map<String, String> attributes = new java.util.HashMap<>(item.attributes());
            attributes.put("attempts", Integer.toString(attempts + 1));
            Item counted;
            try {
                counted = store.replace(item.withAttributes(attributes));
            } catch (ConditionFailedException concurrentAttempt) {
                continue;
            }
            Allowances.Use check;
            try {
                check = limiter.takeCheck(checker);
            } catch (CodeLimitException locked) {
                withdraw(counted);
                throw locked;
            }
            if (key.verify(item.get("hash"), "email-code", sessionId, purpose.name(), email, code)) {
                return;
            }
            if (check.left() == 0) {
                withdraw(counted);
                LOG.warn("code checks used up by a wrong code purpose={} session={}", purpose, shortId(sessionId));
                throw new CodeLimitException(CodeLimitException.Kind.CODE_CHECKS, limiter.secondsUntil(check.renewsAt()));
            }
            int left = Math.min(policy.maxAttempts() - attempts - 1, check.left());
            throw new CodeRejectedException(left == 0 ? CodeRejectedException.Reason.TOO_MANY_ATTEMPTS
                    : CodeRejectedException.Reason.WRONG, left);
        }
        throw retries.exhausted();
    }

    /** Adds what {@link #send(CodeRequest, Locale)} reads to {@code plan}. */
    public ReadPlan planSend(ReadPlan plan, CodeRequest request) {
        plan.code(request.sessionId(), request.purpose().name(), request.address());
        limiter.planSend(plan, request);
        return plan;
    }

    /** Adds what {@link #verifyForAccount} reads to {@code plan} ({@code account} null: the address's count). */
    public ReadPlan planVerify(ReadPlan plan, String sessionId, CodePurpose purpose, String email, String account) {
        plan.code(sessionId, purpose.name(), email);
        limiter.planCheck(plan, account != null ? account : email);
        return plan;
    }

    private String hash(String sessionId, CodePurpose purpose, String email, String code) {
        return key.sign("email-code", sessionId, purpose.name(), email, code);
    }

    private void withdraw(Item stored) {
        try {
            store.delete(stored.key(), stored.version());
        } catch (RuntimeException e) {
            LOG.warn("could not withdraw an undelivered code: {}", e.getClass().getSimpleName());
        }
    }

    private EmailMessage message(String email, String code, Locale locale) {
        // the page's language, never the server's default locale
        ResourceBundle texts = ResourceBundle.getBundle("mail", locale, VerificationCodes.class.getClassLoader(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        long minutes = policy.lifetime().toMinutes();
        return new EmailMessage(email, texts.getString("code.subject"),
                MessageFormat.format(texts.getString("code.body"), code, minutes));
    }

    private static ItemKey key(String sessionId, CodePurpose purpose, String email) {
        return new ItemKey("CODE#" + sessionId, purpose.name() + "#" + email);
    }

    static String shortId(String id) {
        return id.length() <= 8 ? id : id.substring(0, 8);
    }
}
