package org.mpactivation.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mpactivation.aws.ActivationHarness;
import org.mpactivation.simulator.aws.AwsOperation;
import org.mpactivation.simulator.aws.SimulatedCustomer;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The AWS activation flow end to end, over HTTP through the Lambda handler classes, against
 * dynalite, GreenMail and the AWS Marketplace wire-protocol server.
 */
class AwsActivationEndToEndTest {

    private static ActivationHarness harness;

    @BeforeAll
    static void start() throws Exception {
        harness = new ActivationHarness();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void givenNewBuyer_whenRegistering_thenOneAccountOneWorkspaceAndTheSubscriptionActive() {
        SimulatedCustomer customer = harness.marketplace.registerCustomer(ActivationHarness.PRODUCT_CODE);
        Buyer buyer = new Buyer(harness);
        String username = ActivationHarness.unique("ada");
        String email = username + "@example.com";

        HttpResponse<String> start = buyer.arrive(customer);
        assertEquals(200, start.statusCode());
        assertTrue(start.body().contains("No Billing Center account"), start.body());
        buyer.enterRegistration(username, email);
        HttpResponse<String> done = buyer.activate("Production 生产", "zh", "us-oregon");

        assertEquals(200, done.statusCode());
        assertTrue(done.body().contains("Activation succeeded"), done.body());
        assertTrue(done.body().contains("Log in to Overseas Region 1 (Oregon)"), done.body());
        assertTrue(done.body().contains("Production 生产"), done.body());

        List<Map<String, AttributeValue>> consoles = itemsOwnedBy("CONSOLE#", "username", username);
        List<Map<String, AttributeValue>> billing = itemsOwnedBy("BILLING#", "username", username);
        assertEquals(1, consoles.size());
        assertEquals(1, billing.size());
        String billingId = billing.get(0).get("id").s();
        List<Map<String, AttributeValue>> workspaces = itemsOwnedBy("WS#", "billingAccountId", billingId);
        assertEquals(1, workspaces.size());
        Map<String, AttributeValue> workspace = workspaces.get(0);
        assertEquals("zh", workspace.get("language").s());
        assertEquals("us-oregon", workspace.get("siteId").s());
        assertEquals(consoles.get(0).get("id").s(), workspace.get("ownerConsoleAccountId").s());
        Map<String, AttributeValue> subscription = subscriptionOf(customer);
        assertEquals("ACTIVE", subscription.get("status").s());
        assertEquals(billingId, subscription.get("billingAccountId").s());
        assertEquals(subscriptionKey(customer),
                workspace.get("billingChannel").s());
        assertEquals(customer.awsAccountId(), subscription.get("awsAccountId").s());
        assertEquals(customer.licenseArn(), subscription.get("awsLicenseArn").s());
        assertTrue(consoles.get(0).get("passwordHash").s().startsWith("$argon2id$"));
        String subscriptionKey = subscriptionKey(customer);
        List<String> audit = harness.snapshot().keySet().stream().filter(k -> k.startsWith("AUDIT#" + subscriptionKey))
                .toList();
        assertEquals(1, audit.size(), "one status change, one audit entry");
        Map<String, AttributeValue> entry = harness.snapshot().get(audit.get(0));
        assertEquals("PENDING_ACTIVATION", entry.get("from").s());
        assertEquals("ACTIVE", entry.get("to").s());
    }

    @Test
    void givenExistingBillingAccount_whenBindingByCode_thenCreatesWorkspaceWithNewConsoleAccountAndBindsIt() {
        String owner = ActivationHarness.unique("grace");
        String ownerEmail = owner + "@example.com";
        Buyer first = new Buyer(harness);
        first.arrive(harness.marketplace.registerCustomer(ActivationHarness.PRODUCT_CODE));
        first.enterRegistration(owner, ownerEmail);
        first.activate("First", "en", "cn-ningxia");

        SimulatedCustomer other = harness.marketplace.registerCustomer(ActivationHarness.PRODUCT_CODE);
        Buyer buyer = new Buyer(harness);
        buyer.arrive(other);
        HttpResponse<String> workspaces = buyer.bindBillingAccount(owner, ownerEmail);
        assertTrue(workspaces.body().contains("First"), workspaces.body());
        assertTrue(workspaces.body().contains("Billed through another channel"), workspaces.body());

        String newUser = ActivationHarness.unique("linus");
        HttpResponse<String> afterCreate = buyer.createWorkspaceWithNewAccount("Second", newUser,
                newUser + "@example.com");
        assertEquals(200, afterCreate.statusCode());
        assertTrue(afterCreate.body().matches("(?s).*Second.*Bound.*"), afterCreate.body());
        HttpResponse<String> done = buyer.confirm();
        assertTrue(done.body().contains("Activation succeeded"), done.body());

        String billingId = itemsOwnedBy("BILLING#", "username", owner).get(0).get("id").s();
        Map<String, AttributeValue> subscription = subscriptionOf(other);
        assertEquals("ACTIVE", subscription.get("status").s());
        assertEquals(billingId, subscription.get("billingAccountId").s());
        List<Map<String, AttributeValue>> second = itemsOwnedBy("WS#", "name", "Second").stream()
                .filter(w -> w.get("billingAccountId").s().equals(billingId)).toList();
        assertEquals(1, second.size());
        String newConsoleId = itemsOwnedBy("CONSOLE#", "username", newUser).get(0).get("id").s();
        assertEquals(newConsoleId, second.get(0).get("ownerConsoleAccountId").s());
        assertEquals(subscriptionKey(other),
                second.get(0).get("billingChannel").s());
        assertEquals(billingId, linkOf(other.awsAccountId()));
    }

    @Test
    void givenLinkedAwsAccount_whenSecondSubscriptionArrives_thenStraightToWorkspaceBinding() {
        String owner = ActivationHarness.unique("hedy");
        String ownerEmail = owner + "@example.com";
        SimulatedCustomer firstSubscription = harness.marketplace.registerCustomer(ActivationHarness.PRODUCT_CODE);
        Buyer first = new Buyer(harness);
        first.arrive(firstSubscription);
        first.enterRegistration(owner, ownerEmail);
        first.activate("Main", "en", "us-oregon");

        String secondProduct = "prod-second7k2";
        harness.marketplace.product(secondProduct);
        SimulatedCustomer secondSubscription = harness.marketplace.registerCustomer(secondProduct,
                ActivationHarness.unique("cust-"), firstSubscription.awsAccountId());
        Buyer again = new Buyer(harness);
        String token = harness.marketplace.issueToken(secondSubscription);
        HttpResponse<String> landing = again.browser.post("/aws/fulfillment", Map.of("x-amzn-marketplace-token", token));
        // the fulfillment function is configured for one product: a token for another is refused
        assertEquals(400, landing.statusCode());

        SimulatedCustomer sameProductNewCustomer = harness.marketplace.registerCustomer(ActivationHarness.PRODUCT_CODE,
                ActivationHarness.unique("cust-"), firstSubscription.awsAccountId());
        HttpResponse<String> page = again.arrive(sameProductNewCustomer);
        assertEquals(200, page.statusCode());
        assertEquals("/activate/workspaces", again.browser.last().uri().getPath());
        assertTrue(page.body().contains("Main"), page.body());
        assertTrue(page.body().contains("Billed through another channel"), page.body());

        HttpResponse<String> created = again.createWorkspaceForConsoleAccount("Analytics", "en", ownerEmail);
        assertTrue(created.body().matches("(?s).*Analytics.*Bound.*"), created.body());
        assertTrue(again.confirm().body().contains("Activation succeeded"));
        assertEquals("ACTIVE", subscriptionOf(sameProductNewCustomer).get("status").s());
    }

    @Test
    void givenReplayedMarketplacePost_thenNoSecondSubscriptionSessionOrResolve() {
        SimulatedCustomer customer = harness.marketplace.registerCustomer(ActivationHarness.PRODUCT_CODE);
        String token = harness.marketplace.issueToken(customer);
        Buyer buyer = new Buyer(harness);
        long resolvesBefore = harness.marketplace.callCount(AwsOperation.RESOLVE_CUSTOMER);
        buyer.arriveWithToken(token);
        buyer.sendRegistrationCode(ActivationHarness.unique("replay") + "@example.com");
        int sessionsBefore = harness.items("SESSION#", "META").size();

        buyer.arriveWithToken(token);
        buyer.arriveWithToken(token);

        assertEquals(sessionsBefore, harness.items("SESSION#", "META").size());
        assertEquals(1, harness.items("SUB#" + subscriptionKey(customer),
                "META").size());
        assertEquals(resolvesBefore + 1, harness.marketplace.callCount(AwsOperation.RESOLVE_CUSTOMER));

        // the same token from another browser, after the buyer entered something: refused, nothing new
        Buyer other = new Buyer(harness);
        HttpResponse<String> elsewhere = other.browser.post("/aws/fulfillment",
                Map.of("x-amzn-marketplace-token", token));
        assertEquals(303, elsewhere.statusCode());
        assertEquals(409, other.browser.follow().statusCode());
        assertEquals(sessionsBefore, harness.items("SESSION#", "META").size());
    }

    @Test
    void givenConcurrentFinalSubmits_thenBindsExactlyOnce() throws Exception {
        SimulatedCustomer customer = harness.marketplace.registerCustomer(ActivationHarness.PRODUCT_CODE);
        Buyer buyer = new Buyer(harness);
        String username = ActivationHarness.unique("race");
        buyer.arrive(customer);
        buyer.enterRegistration(username, username + "@example.com");
        String csrf = buyer.browser.csrfOf("/activate/register/workspace");
        Map<String, String> form = new java.util.HashMap<>(buyer.activation("Raced", "en", "us-oregon"));
        form.put("_csrf", csrf);

        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            results.add(pool.submit(() -> {
                go.await();
                return buyer.browser.post("/activate/register/workspace", form).statusCode();
            }));
        }
        go.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> result : results) {
            statuses.add(result.get());
        }
        pool.shutdown();

        assertTrue(statuses.stream().allMatch(s -> s == 303), statuses.toString());
        String billingId = itemsOwnedBy("BILLING#", "username", username).get(0).get("id").s();
        assertEquals(1, itemsOwnedBy("CONSOLE#", "username", username).size());
        assertEquals(1, itemsOwnedBy("BILLING#", "username", username).size());
        assertEquals(1, itemsOwnedBy("WS#", "billingAccountId", billingId).size());
        String subscriptionKey = subscriptionKey(customer);
        assertEquals(1, harness.snapshot().keySet().stream()
                .filter(k -> k.startsWith("SUB#" + subscriptionKey + "|WS#")).count());
        assertEquals(1, harness.snapshot().keySet().stream().filter(k -> k.startsWith("AUDIT#" + subscriptionKey))
                .count(), "one status change, one audit entry");
        assertEquals("ACTIVE", subscriptionOf(customer).get("status").s());
    }

    @Test
    void givenConcurrentBindClicks_thenTheWorkspaceIsBoundOnce() throws Exception {
        String owner = ActivationHarness.unique("bind");
        String ownerEmail = owner + "@example.com";
        Buyer first = new Buyer(harness);
        first.arrive(harness.marketplace.registerCustomer(ActivationHarness.PRODUCT_CODE));
        first.enterRegistration(owner, ownerEmail);
        first.activate("Kept", "en", "us-oregon");
        // a second subscription of another AWS account, bound to the same Billing Center account
        SimulatedCustomer other = harness.marketplace.registerCustomer(ActivationHarness.PRODUCT_CODE);
        Buyer buyer = new Buyer(harness);
        buyer.arrive(other);
        buyer.bindBillingAccount(owner, ownerEmail);
        buyer.createWorkspaceForConsoleAccount("Spare", "en", ownerEmail);
        // unbound workspace of the account: create through a third subscription, then bind it here
        String billingId = itemsOwnedBy("BILLING#", "username", owner).get(0).get("id").s();
        String spare = itemsOwnedBy("WS#", "name", "Spare").stream()
                .filter(w -> w.get("billingAccountId").s().equals(billingId)).findFirst().orElseThrow()
                .get("id").s();
        // Spare is bound already: a bind of it must be a no-op, even from many threads at once
        String csrf = buyer.browser.csrfOf("/activate/workspaces");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            results.add(pool.submit(() -> buyer.browser.post("/activate/workspaces/" + spare + "/bind",
                    Map.of("_csrf", csrf)).statusCode()));
        }
        for (Future<Integer> result : results) {
            assertEquals(303, result.get());
        }
        pool.shutdown();
        String subscriptionKey = subscriptionKey(other);
        assertEquals(1, harness.snapshot().keySet().stream()
                .filter(k -> k.startsWith("SUB#" + subscriptionKey + "|WS#")).count());
        assertNotNull(subscriptionOf(other).get("billingAccountId"));
    }

    private static List<Map<String, AttributeValue>> itemsOwnedBy(String pkPrefix, String attribute, String value) {
        return harness.items(pkPrefix, "META").stream()
                .filter(item -> item.containsKey(attribute) && item.get(attribute).s().equals(value))
                .collect(Collectors.toList());
    }

    private static Map<String, AttributeValue> subscriptionOf(SimulatedCustomer customer) {
        List<Map<String, AttributeValue>> items = harness.items("SUB#", "META").stream()
                .filter(item -> customer.licenseArn().equals(item.get("awsLicenseArn").s())).toList();
        assertEquals(1, items.size());
        return items.get(0);
    }

    /** Concurrent-agreement products identify the buyer by account and licence: the key holds the licence. */
    private static String subscriptionKey(SimulatedCustomer customer) {
        return subscriptionOf(customer).get("subscriptionId").s();
    }

    private static String linkOf(String awsAccountId) {
        return harness.items("CLOUDACCOUNT#aws:" + awsAccountId, "LINK").get(0).get("billingAccountId").s();
    }
}
