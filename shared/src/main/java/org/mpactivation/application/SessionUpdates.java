package org.mpactivation.application;

import java.util.function.UnaryOperator;
import org.mpactivation.domain.ActivationSession;
import org.mpactivation.port.out.store.ConditionFailedException;
import org.mpactivation.repository.SessionRepository;

/** Applies a change to a session, re-reading and re-applying it when another request wrote first. */
public final class SessionUpdates {

    private static final int ATTEMPTS = 10;
    private final SessionRepository sessions;

    public SessionUpdates(SessionRepository sessions) {
        this.sessions = sessions;
    }

    public ActivationSession apply(ActivationSession session, UnaryOperator<ActivationSession> change) {
        ActivationSession current = session;
        for (int attempt = 1; ; attempt++) {
            ActivationSession next = change.apply(current);
            if (next.equals(current)) {
                return current;
            }
            try {
                return sessions.save(next);
            } catch (ConditionFailedException concurrent) {
                if (attempt == ATTEMPTS) {
                    throw concurrent;
                }
                current = sessions.find(session.id()).orElseThrow(
                        () -> new SessionRejectedException(SessionRejectedException.Reason.MISSING_OR_EXPIRED));
            }
        }
    }
}
