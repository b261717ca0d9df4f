package org.mpactivation.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mpactivation.adapter.aws.AwsJsonClient;
import org.mpactivation.adapter.store.DynamoDbItemStore;
import org.mpactivation.adapter.store.DynamoDbTables;
import org.mpactivation.adapter.store.DynamoDbTestClients;
import org.mpactivation.adapter.store.InMemoryItemStore;
import org.mpactivation.domain.AwsCustomer;
import org.mpactivation.domain.DimensionMap;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.domain.Workspace;
import org.mpactivation.domain.WorkspaceLanguage;
import org.mpactivation.port.out.store.ItemStore;
import org.mpactivation.repository.AccountRepository;
import org.mpactivation.repository.AuditTrail;
import org.mpactivation.repository.MeteringStates;
import org.mpactivation.repository.SubscriptionRepository;
import org.mpactivation.repository.UsageRepository;
import org.mpactivation.repository.WorkspaceRepository;
import org.mpactivation.testkit.DynaliteExtension;
import org.mpactivation.testkit.DynamoDbEndpoint;

/**
 * The same batch posted many times at once (a product retrying eagerly): every record is stored once, and
 * each answer says what that request stored, so the answers add up to the batch, not to a multiple of it.
 */
@ExtendWith(DynaliteExtension.class)
class UsageIntakeConcurrencyTest {

    private static final int POSTS = 50;
    private static final int RECORDS = 300;
    private static final String WORKSPACE = "ws-concurrent";
    private static final Instant HOUR = Instant.parse("2025-03-01T10:00:00Z");

    @Test
    void givenFiftyIdenticalPostsAtOnceInMemory_thenTheAnswersAcceptEachRecordOnce() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2025-03-01T08:00:00Z"));
        assertEachRecordAcceptedOnce(new InMemoryItemStore(clock), clock);
    }

    @Test
    void givenFiftyIdenticalPostsAtOnceOnDynalite_thenTheAnswersAcceptEachRecordOnce(DynamoDbEndpoint engine)
            throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2025-03-01T08:00:00Z"));
        AwsJsonClient client = DynamoDbTestClients.client(engine);
        String table = DynamoDbTestClients.newTable(client, "usage-race");
        try {
            assertEachRecordAcceptedOnce(new DynamoDbItemStore(client, table, clock), clock);
        } finally {
            DynamoDbTables.delete(client, table);
        }
    }

    private static void assertEachRecordAcceptedOnce(ItemStore store, MutableClock clock) throws Exception {
        UsageIntake intake = boundWorkspace(store, clock);
        clock.advance(Duration.ofMinutes(140));
        List<UsageIntake.Submitted> batch = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            batch.add(new UsageIntake.Submitted("race-" + i, WORKSPACE, "hosts", HOUR.toString(), 2L));
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService posts = Executors.newFixedThreadPool(POSTS);
        List<UsageIntake.Result> answers = new ArrayList<>();
        try {
            List<Future<UsageIntake.Result>> pending = new ArrayList<>();
            for (int p = 0; p < POSTS; p++) {
                pending.add(posts.submit(() -> {
                    start.await();
                    return intake.accept(batch);
                }));
            }
            start.countDown();
            for (Future<UsageIntake.Result> answer : pending) {
                answers.add(answer.get(5, TimeUnit.MINUTES));
            }
        } finally {
            posts.shutdownNow();
        }
        int accepted = 0;
        for (UsageIntake.Result answer : answers) {
            assertEquals(RECORDS, answer.accepted() + answer.duplicates(), "each answer accounts for its batch: " + answer);
            accepted += answer.accepted();
        }
        assertEquals(RECORDS, accepted, "the answers together accept each record once: " + answers);
        UsageRepository usage = new UsageRepository(store);
        for (int i = 0; i < RECORDS; i++) {
            assertTrue(usage.find("race-" + i).isPresent(), "race-" + i);
        }
        assertEquals(Map.of("hosts", 2L * RECORDS), usage.sumByDimension(WORKSPACE, HOUR));
    }

    /** An AWS subscription activated at 08:00 with the workspace bound to it then. */
    private static UsageIntake boundWorkspace(ItemStore store, MutableClock clock) {
        SubscriptionRepository subscriptions = new SubscriptionRepository(store);
        WorkspaceRepository workspaces = new WorkspaceRepository(store);
        MeteringStates states = new MeteringStates(store);
        SubscriptionBinding binding = new SubscriptionBinding(subscriptions, workspaces, new AccountRepository(store),
                new AuditTrail(store), states, clock, Duration.ofHours(2));
        AwsCustomer customer = new AwsCustomer("cust-race", null, MeteringWorld.PRODUCT, null);
        MarketplaceSubscription subscription = subscriptions.createOrGet(MarketplaceSubscription.newAws(customer,
                customer.cloudAccount("aws"), null, List.of(), clock.instant()));
        binding.activate(subscription.id(), "ba-race", "session:race");
        workspaces.createOrGet(new Workspace(WORKSPACE, "Workspace race", WorkspaceLanguage.fromCode("en"),
                "us-oregon", "console-race", "ba-race", null, clock.instant(), null, 0));
        binding.bindWorkspace(WORKSPACE, subscription.id());
        return new UsageIntake(new UsageRepository(store), workspaces, states,
                new DimensionMap(Map.of("hosts", "hosts")), clock);
    }
}
