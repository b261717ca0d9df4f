package org.mpactivation.aws.metering;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.mpactivation.adapter.aws.AwsCredentialSource;
import org.mpactivation.adapter.aws.AwsCredentials;
import org.mpactivation.adapter.aws.AwsHttp;
import org.mpactivation.adapter.aws.UrlConnectionAwsHttp;
import org.mpactivation.port.out.MeteringLine;
import org.mpactivation.simulator.aws.AwsMarketplaceSimulator;
import org.mpactivation.simulator.aws.AwsOperation;
import org.mpactivation.simulator.aws.SimulatedCustomer;

/**
 * A simulated AWS Marketplace on a fixed clock and a hand-moved quota ticker, with the adapter under test
 * built by {@link JsonAwsMetering#create}, sending over HTTP to it. Two products: one metered by customer
 * identifier, one integrated for concurrent agreements (account id + licence).
 */
final class MeteringFixture implements AutoCloseable {

    static final Instant NOW = Instant.parse("2026-03-02T10:20:30Z");
    /** The hour being metered: the current one. */
    static final Instant HOUR = NOW.truncatedTo(ChronoUnit.HOURS);
    static final String LEGACY_PRODUCT = "prod-legacy";
    static final String AGREEMENTS_PRODUCT = "prod-agreements";
    static final AwsCredentialSource CREDENTIALS = AwsCredentialSource.fixed(
            new AwsCredentials("AKIDMETERINGTEST", "metering-test-secret", null, null));

    final AtomicLong quotaTicker = new AtomicLong(1_000_000_000L);
    final AwsMarketplaceSimulator simulator = AwsMarketplaceSimulator.builder()
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .quotaTicker(quotaTicker::get)
            .start();
    final AwsHttp http = UrlConnectionAwsHttp.standard();
    final JsonAwsMetering metering = JsonAwsMetering.create("us-east-1", CREDENTIALS, simulator.endpoint(), http);
    final SimulatedCustomer alice;
    final SimulatedCustomer bob;
    /** Two agreements of one account on the concurrent-agreements product. */
    final SimulatedCustomer firstAgreement;
    final SimulatedCustomer secondAgreement;

    MeteringFixture() {
        simulator.product(LEGACY_PRODUCT).dimensions("requests", "seats");
        simulator.product(AGREEMENTS_PRODUCT).dimensions("requests", "seats")
                .withLicenseArns(true).concurrentAgreements(true);
        alice = simulator.registerCustomer(LEGACY_PRODUCT, "AliceCustId", "111111111111");
        bob = simulator.registerCustomer(LEGACY_PRODUCT, "BobCustId", "222222222222");
        firstAgreement = simulator.registerCustomer(AGREEMENTS_PRODUCT, "333333333333");
        secondAgreement = simulator.registerCustomer(AGREEMENTS_PRODUCT, "333333333333");
    }

    /** The adapter over the simulator, its transport wrapped (to see or change what goes over the wire). */
    JsonAwsMetering through(UnaryOperator<AwsHttp> wrap) {
        return JsonAwsMetering.create("us-east-1", CREDENTIALS, simulator.endpoint(), wrap.apply(http));
    }

    static MeteringLine byIdentifier(String ledgerKey, SimulatedCustomer customer, String dimension, Instant hour,
                                     int quantity) {
        return new MeteringLine(ledgerKey, customer.customerIdentifier(), null, null, dimension, hour, quantity);
    }

    static MeteringLine byLicense(String ledgerKey, SimulatedCustomer customer, String dimension, Instant hour,
                                  int quantity) {
        return new MeteringLine(ledgerKey, null, customer.awsAccountId(), customer.licenseArn(), dimension, hour,
                quantity);
    }

    long calls() {
        return simulator.callCount(AwsOperation.BATCH_METER_USAGE);
    }

    @Override
    public void close() {
        simulator.close();
    }
}
