package org.mpactivation.application;

import java.text.MessageFormat;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ResourceBundle;
import org.mpactivation.port.out.EmailMessage;
import org.mpactivation.port.out.MailDeliveryException;
import org.mpactivation.port.out.Mailer;
import org.mpactivation.port.out.RandomSource;
import org.mpactivation.port.out.store.ConditionFailedException;
import org.mpactivation.port.out.store.ConflictRetries;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemKey;
import org.mpactivation.port.out.store.ItemStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Six-digit e-mail codes: stored only as a keyed hash, valid for a limited time, a limited number
 * of attempts, and not re-sent before a cooldown. A code belongs to one session, purpose and
 * address. Every check, right or wrong, first counts its attempt with a conditional write: a check
 * on a read that concurrent requests have made stale would let many parallel guesses through.
 */
public final class VerificationCodes {

    private static final Logger LOG = LoggerFactory.getLogger(VerificationCodes.class);

    private final ItemStore store;
    private final Mailer mailer;
    private final RandomSource random;
    private final SigningKey key;
    private final Clock clock;
    private final CodePolicy policy;

    public VerificationCodes(ItemStore store, Mailer mailer, RandomSource random, SigningKey key, Clock clock,
                             CodePolicy policy) {
        this.store = store;
        this.mailer = mailer;
        this.random = random;
        this.key = key;
        this.clock = clock;
        this.policy = policy;
    }

    public CodePolicy policy() {
        return policy;
    }

    /**
     * Sends a new code to {@code email}, replacing an earlier one.
     *
     * @throws CodeCooldownException if the last code for this address went out too recently
     * @throws MailDeliveryException if the mail was not accepted (the code is then withdrawn)
     */
    public void send(String sessionId, CodePurpose purpose, String email, Locale locale) {
        ItemKey itemKey = key(sessionId, purpose, email);
        Instant now = clock.instant();
        Optional<Item> previous = store.get(itemKey);
        previous.ifPresent(item -> {
            Instant sentAt = Instant.parse(item.get("sentAt"));
            Duration since = Duration.between(sentAt, now);
            if (since.compareTo(policy.resendCooldown()) < 0) {
                Duration left = policy.resendCooldown().minus(since);
                throw new CodeCooldownException((left.toMillis() + 999) / 1000);
            }
        });
        String code = random.sixDigitCode();
        Item item = new Item(itemKey, Map.of(
                "hash", hash(sessionId, purpose, email, code),
                "attempts", "0",
                "sentAt", now.toString()), previous.map(Item::version).orElse(0L),
                now.plus(policy.lifetime()), null);
        Item stored;
        try {
            stored = previous.isPresent() ? store.replace(item) : store.putIfAbsent(item);
        } catch (ConditionFailedException concurrentSend) {
            throw new CodeCooldownException(policy.resendCooldown().toSeconds());
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
     * Checks a code. Each check uses up one attempt (counted before the comparison, so that
     * concurrent guesses cannot compare more codes than allowed); after the last attempt even the
     * right code is refused until a new one is sent.
     *
     * @throws CodeRejectedException when the code is not accepted
     */
    public void verify(String sessionId, CodePurpose purpose, String email, String code) {
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
            try {
                store.replace(item.withAttributes(attributes));
            } catch (ConditionFailedException concurrentAttempt) {
                continue;
            }
            if (key.verify(item.get("hash"), "email-code", sessionId, purpose.name(), email, code)) {
                return;
            }
            int left = policy.maxAttempts() - attempts - 1;
            throw new CodeRejectedException(left == 0 ? CodeRejectedException.Reason.TOO_MANY_ATTEMPTS
                    : CodeRejectedException.Reason.WRONG, left);
        }
        throw retries.exhausted();
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
