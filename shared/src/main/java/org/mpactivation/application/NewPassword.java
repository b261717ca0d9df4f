package org.mpactivation.application;

import org.mpactivation.domain.ActivationSession;
import org.mpactivation.domain.FieldErrors;
import org.mpactivation.domain.InputRules;
import org.mpactivation.port.out.PasswordHasher;

/**
 * The password of a new console account: as typed, or, when the buyer leaves both fields empty,
 * the one they typed earlier in this session, kept as its hash in the session's draft (a page
 * re-rendered in another language never echoes a password, so it keeps the hash instead).
 */
final class NewPassword {

    private final String typed;
    private final String keptHash;

    private NewPassword(String typed, String keptHash) {
        this.typed = typed;
        this.keptHash = keptHash;
    }

    /** Validates what was typed (errors into {@code errors}); null when it is not a usable password. */
    static NewPassword of(ActivationSession session, String password, String confirmation, FieldErrors errors) {
        String kept = session.draft().passwordHash();
        if (kept != null && isEmpty(password) && isEmpty(confirmation)) {
            return new NewPassword(null, kept);
        }
        String valid = InputRules.newPassword(password, confirmation, errors);
        return valid == null ? null : new NewPassword(valid, null);
    }

    String hash(PasswordHasher hasher) {
        return keptHash != null ? keptHash : hasher.hash(typed);
    }

    private static boolean isEmpty(String value) {
        return value == null || value.isEmpty();
    }
}
