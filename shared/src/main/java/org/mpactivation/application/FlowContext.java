package org.mpactivation.application;

import java.time.Clock;
import org.mpactivation.repository.AccountRepository;
import org.mpactivation.repository.SubscriptionRepository;
import org.mpactivation.repository.WorkspaceRepository;

/** What the activation use cases share: repositories, codes, the binding steps, ids and the clock. */
public record FlowContext(SubscriptionRepository subscriptions, AccountRepository accounts,
                                        WorkspaceRepository workspaces, SubscriptionBinding binding,
                                        VerificationCodes codes, SessionUpdates sessionUpdates, SagaIds sagaIds,
                                        Clock clock) {
}
