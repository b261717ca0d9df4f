package org.mpactivation.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.mpactivation.domain.LicenseId;
import org.mpactivation.port.out.AwsMetering;
import org.mpactivation.port.out.MarketplaceAccessException;
import org.mpactivation.port.out.MarketplaceThrottledException;
import org.mpactivation.port.out.MeteringLine;
import org.mpactivation.port.out.MeteringRejectedException;
import org.mpactivation.port.out.MeteringRejectedException.Reason;
import org.mpactivation.port.out.MeteringResult;

/**
 * BatchMeterUsage as AWS documents it, in memory, recording every call. It knows its catalogue (products
 * with their dimensions, customers by customer identifier, licences of accounts) and a clock, and refuses
 * what the real API refuses, with the reason the SDK adapter reports for the real error:
 * <ul>
 *   <li>{@link Reason#VALIDATION}: more than 25 records; a request naming some buyers by customer
 *       identifier and others by account id; a record carrying both, or a customer identifier with a
 *       licence; customer-identifier records without a product code;</li>
 *   <li>{@link Reason#INVALID_PRODUCT}: a product code it does not know (the product code is sent, as on
 *       the wire, unless every record carries a licence);</li>
 *   <li>{@link Reason#INVALID_LICENSE}: an unknown licence, a licence of another account, licences of two
 *       products in one call;</li>
 *   <li>{@link Reason#TIMESTAMP_OUT_OF_BOUNDS}: a record as old as the window or older, in the future, or
 *       of a billing month closed more than the grace period ago; one such record refuses the batch;</li>
 *   <li>{@link Reason#INVALID_DIMENSION}: a dimension the product does not declare;</li>
 *   <li>{@link Reason#INVALID_CUSTOMER}: an unknown customer identifier, or any customer identifier for a
 *       product integrated by licence (concurrent agreements).</li>
 * </ul>
 * A record is billed once per customer, dimension and hour: an identical resend answers Success with the
 * same metering record id and bills nothing more, another quantity for a billed key answers
 * DuplicateRecord. The test can program answers: throttling, denied access, unprocessed records, a refused
 * batch, buyers who are no longer subscribed, a process death right after AWS accepted a call, and
 * something to run during a call.
 */
public final class FakeAwsMetering implements AwsMetering {

    /** The window of the API reference: records are refused 6 hours or more after the hour. */
    public static final Duration SIX_HOUR_WINDOW = Duration.ofHours(6);
    /** The window of the current service documentation: 24 hours, with a month-end grace period. */
    public static final Duration CURRENT_WINDOW = Duration.ofHours(24);
    /** Records of the previous billing month are accepted until this long after the month closed (UTC). */
    public static final Duration MONTH_END_GRACE = Duration.ofHours(6);

    /** One call as made: its product, its lines and what happened ({@code OK}, {@code THROTTLED}, {@code DENIED}, {@code REJECTED}). */
    public record Call(String productCode, List<MeteringLine> lines, String outcome) {
    }

    /** What a call died of after AWS processed it: the process itself, so nothing may catch it. */
    public static final class DiedAfterCall extends Error {
        DiedAfterCall() {
            super("the process died after the marketplace accepted the call");
        }
    }

    /** A product of the catalogue; configure it with the returned handle. */
    public static final class Product {
        private final String code;
        private final Set<String> dimensions = new LinkedHashSet<>();
        private boolean byLicense;

        private Product(String code) {
            this.code = code;
        }

        public synchronized Product dimensions(String... names) {
            dimensions.addAll(List.of(names));
            return this;
        }

        /** Integrated for concurrent agreements: records must name buyers by account id and licence. */
        public synchronized Product byLicenseOnly() {
            byLicense = true;
            return this;
        }

        synchronized boolean hasDimension(String name) {
            return dimensions.contains(name);
        }

        synchronized boolean licenseOnly() {
            return byLicense;
        }
    }

    private final Clock clock;
    private final Duration window;
    private final Map<String, Product> products = new HashMap<>();
    /** customer identifier -> product code */
    private final Map<String, String> customers = new HashMap<>();
    /** licence ARN -> [account id, product code] */
    private final Map<String, String[]> licenses = new HashMap<>();

    private final List<Call> calls = new ArrayList<>();
    private final Map<String, Integer> billed = new LinkedHashMap<>();
    private final Map<String, String> recordIds = new HashMap<>();
    private final Map<String, List<Integer>> processed = new LinkedHashMap<>();
    private final Set<String> notSubscribed = new HashSet<>();
    private final Deque<Integer> unprocessedNext = new ArrayDeque<>();
    private int throttleNext;
    private int denyNext;
    private int alwaysLeaveUnprocessed;
    private Predicate<MeteringLine> rejectIf = line -> false;
    private Reason rejectReason = Reason.OTHER;
    private int dieAfterCall = -1;
    private Runnable duringCall = () -> { };
    private int nextRecordId;

    /**
     * @param clock the time the marketplace judges timestamps by
     * @param window how long after its hour a record is accepted ({@link #SIX_HOUR_WINDOW} or {@link #CURRENT_WINDOW})
     */
    public FakeAwsMetering(Clock clock, Duration window) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.window = Objects.requireNonNull(window, "window");
    }

    // ---- the catalogue

    /** The product with this code, declared on first use. */
    public synchronized Product product(String productCode) {
        return products.computeIfAbsent(productCode, Product::new);
    }

    /** A buyer of the product known by customer identifier. */
    public synchronized void customer(String productCode, String customerIdentifier) {
        requireProduct(productCode);
        customers.put(Objects.requireNonNull(customerIdentifier, "customerIdentifier"), productCode);
    }

    /** A licence (agreement) of the account for the product. */
    public synchronized void license(String productCode, String customerAwsAccountId, String licenseArn) {
        requireProduct(productCode);
        licenses.put(Objects.requireNonNull(licenseArn, "licenseArn"),
                new String[] {Objects.requireNonNull(customerAwsAccountId, "customerAwsAccountId"), productCode});
    }

    private void requireProduct(String productCode) {
        if (!products.containsKey(productCode)) {
            throw new IllegalArgumentException("declare product " + productCode + " first");
        }
    }

    // ---- programming

    public synchronized void throttleNext(int callCount) {
        throttleNext = callCount;
    }

    /** The next calls are answered AccessDeniedException (our credentials or configuration failed). */
    public synchronized void denyAccessNext(int callCount) {
        denyNext = callCount;
    }

    /** The next calls leave this many of their last lines unprocessed, one count per call. */
    public synchronized void leaveUnprocessedNext(Integer... perCall) {
        unprocessedNext.addAll(List.of(perCall));
    }

    /** Every call from now on leaves this many of its last lines unprocessed (0: none). */
    public synchronized void alwaysLeaveUnprocessed(int lines) {
        alwaysLeaveUnprocessed = lines;
    }

    /** A call holding any line that matches is refused whole (after the API's own checks passed). */
    public synchronized void reject(Predicate<MeteringLine> when, Reason reason) {
        rejectIf = when;
        rejectReason = reason;
    }

    /** Lines for this buyer answer CustomerNotSubscribed ({@link #customerKey} form). */
    public synchronized void unsubscribe(String customerKey) {
        notSubscribed.add(customerKey);
    }

    /** AWS billed this key before with this quantity (another process, an earlier product version). */
    public synchronized void billedBefore(String customerKey, String dimension, Instant hour, int quantity) {
        String key = customerKey + "|" + dimension + "|" + hour.truncatedTo(ChronoUnit.HOURS);
        billed.put(key, quantity);
        recordIds.put(key, "earlier");
    }

    /** The {@code n}-th processed call from now (1: the next) is processed, then the caller dies. */
    public synchronized void dieAfterCall(int n) {
        dieAfterCall = n;
    }

    public synchronized void duringCall(Runnable action) {
        duringCall = action;
    }

    // ---- what happened

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Calls that AWS processed (neither throttled, denied nor refused). */
    public synchronized List<Call> processedCalls() {
        return calls.stream().filter(c -> c.outcome().equals("OK")).toList();
    }

    /** Billed quantity per {@code customer|dimension|hour}. */
    public synchronized Map<String, Integer> billed() {
        return new LinkedHashMap<>(billed);
    }

    /** Every quantity AWS processed per key, resends included. */
    public synchronized Map<String, List<Integer>> processedQuantities() {
        Map<String, List<Integer>> copy = new LinkedHashMap<>();
        processed.forEach((key, quantities) -> copy.put(key, List.copyOf(quantities)));
        return copy;
    }

    /** Keys for which AWS saw two different quantities: must stay empty. */
    public synchronized Set<String> conflictingResends() {
        Set<String> keys = new HashSet<>();
        processed.forEach((key, quantities) -> {
            if (quantities.stream().distinct().count() > 1) {
                keys.add(key);
            }
        });
        return keys;
    }

    /**
     * How the fake names the buyer a line meters: {@code license:<account>/<licence id>} or
     * {@code customer:<product>/<customer identifier>}.
     */
    public static String customerKey(String productCode, MeteringLine line) {
        return line.byLicense()
                ? "license:" + line.customerAwsAccountId() + "/" + LicenseId.of(line.licenseArn())
                : "customer:" + productCode + "/" + line.customerIdentifier();
    }

    // ---- the API

    @Override
    public MeteringResult batchMeterUsage(String productCode, List<MeteringLine> lines) {
        Objects.requireNonNull(lines, "lines");
        Runnable hook;
        synchronized (this) {
            hook = duringCall;
        }
        hook.run();
        synchronized (this) {
            if (lines.isEmpty()) {
                return new MeteringResult(List.of(), List.of());
            }
            if (throttleNext > 0) {
                throttleNext--;
                calls.add(new Call(productCode, List.copyOf(lines), "THROTTLED"));
                throw new MarketplaceThrottledException("Rate exceeded", null);
            }
            if (denyNext > 0) {
                denyNext--;
                calls.add(new Call(productCode, List.copyOf(lines), "DENIED"));
                throw new MarketplaceAccessException("AccessDeniedException", null);
            }
            try {
                String product = check(productCode, lines);
                if (lines.stream().anyMatch(rejectIf)) {
                    throw refused(rejectReason, "refused as programmed");
                }
                return process(product, lines);
            } catch (MeteringRejectedException e) {
                calls.add(new Call(productCode, List.copyOf(lines), "REJECTED"));
                throw e;
            }
        }
    }

    private MeteringResult process(String productCode, List<MeteringLine> lines) {
        int leave = unprocessedNext.isEmpty() ? alwaysLeaveUnprocessed : unprocessedNext.poll();
        leave = Math.min(leave, lines.size());
        List<MeteringResult.LineResult> results = new ArrayList<>();
        for (MeteringLine line : lines.subList(0, lines.size() - leave)) {
            results.add(process(productCode, line));
        }
        calls.add(new Call(productCode, List.copyOf(lines), "OK"));
        if (dieAfterCall > 0 && --dieAfterCall == 0) {
            throw new DiedAfterCall();
        }
        return new MeteringResult(results, lines.subList(lines.size() - leave, lines.size()));
    }

    private MeteringResult.LineResult process(String productCode, MeteringLine line) {
        String customer = customerKey(productCode, line);
        boolean subscribedHere = line.byLicense() || productCode.equals(customers.get(line.customerIdentifier()));
        if (!subscribedHere || notSubscribed.contains(customer)) {
            return new MeteringResult.LineResult(line, MeteringResult.Status.CUSTOMER_NOT_SUBSCRIBED, null);
        }
        String key = customer + "|" + line.dimension() + "|" + line.hour().truncatedTo(ChronoUnit.HOURS);
        processed.computeIfAbsent(key, k -> new ArrayList<>()).add(line.quantity());
        Integer before = billed.putIfAbsent(key, line.quantity());
        if (before == null) {
            String id = "mr-" + (++nextRecordId);
            recordIds.put(key, id);
            return new MeteringResult.LineResult(line, MeteringResult.Status.SUCCESS, id);
        }
        if (before == line.quantity()) {
            return new MeteringResult.LineResult(line, MeteringResult.Status.SUCCESS, recordIds.get(key));
        }
        return new MeteringResult.LineResult(line, MeteringResult.Status.DUPLICATE, null);
    }

    // ---- the API's checks, in the order the simulated marketplace makes them

    /** Checks the whole request and returns the product it meters. */
    private String check(String productCode, List<MeteringLine> lines) {
        checkShape(productCode, lines);
        boolean productCodeSent = lines.stream().anyMatch(line -> line.licenseArn() == null);
        String product = null;
        if (productCodeSent) {
            if (!products.containsKey(productCode)) {
                throw refused(Reason.INVALID_PRODUCT, "Product code " + productCode + " is not a product of this seller");
            }
            product = productCode;
        }
        product = checkLicenses(lines, product);
        checkTimestamps(lines);
        Product declared = products.get(product);
        for (MeteringLine line : lines) {
            if (!declared.hasDimension(line.dimension())) {
                throw refused(Reason.INVALID_DIMENSION, "Dimension " + line.dimension() + " is not a dimension of " + product);
            }
        }
        for (MeteringLine line : lines) {
            if (line.customerIdentifier() != null
                    && (declared.licenseOnly() || !customers.containsKey(line.customerIdentifier()))) {
                throw refused(Reason.INVALID_CUSTOMER, "CustomerIdentifier " + line.customerIdentifier() + " is not valid");
            }
        }
        return product;
    }

    /** The model's constraints and the mutually exclusive customer fields (ValidationException). */
    private static void checkShape(String productCode, List<MeteringLine> lines) {
        if (lines.size() > MAX_RECORDS_PER_CALL) {
            throw refused(Reason.VALIDATION, lines.size() + " usage records; at most " + MAX_RECORDS_PER_CALL);
        }
        boolean byIdentifier = false;
        boolean byAccount = false;
        for (MeteringLine line : lines) {
            boolean identifier = line.customerIdentifier() != null;
            boolean account = line.customerAwsAccountId() != null;
            if (identifier && (account || line.licenseArn() != null)) {
                throw refused(Reason.VALIDATION, "CustomerIdentifier and CustomerAWSAccountId are mutually exclusive");
            }
            if (line.licenseArn() == null && (productCode == null || productCode.isEmpty())) {
                throw refused(Reason.VALIDATION, "ProductCode is required unless every usage record carries a LicenseArn");
            }
            byIdentifier |= identifier;
            byAccount |= account;
        }
        if (byIdentifier && byAccount) {
            throw refused(Reason.VALIDATION, "CustomerIdentifier and CustomerAWSAccountId in one request");
        }
    }

    private String checkLicenses(List<MeteringLine> lines, String product) {
        String requestProduct = product;
        for (MeteringLine line : lines) {
            if (line.licenseArn() == null) {
                continue;
            }
            String[] license = licenses.get(line.licenseArn());
            if (license == null || !license[0].equals(line.customerAwsAccountId())) {
                throw refused(Reason.INVALID_LICENSE, "LicenseArn is not valid for customer " + line.customerAwsAccountId());
            }
            if (requestProduct == null) {
                requestProduct = license[1];
            } else if (!requestProduct.equals(license[1])) {
                throw refused(Reason.INVALID_LICENSE, "LicenseArn of another product than " + requestProduct);
            }
        }
        return requestProduct;
    }

    private void checkTimestamps(List<MeteringLine> lines) {
        Instant now = clock.instant();
        Instant monthStart = YearMonth.from(now.atZone(ZoneOffset.UTC)).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        boolean previousMonthsClosed = !now.isBefore(monthStart.plus(MONTH_END_GRACE));
        for (MeteringLine line : lines) {
            Instant at = line.hour();
            if (!at.isAfter(now.minus(window)) || at.isAfter(now)
                    || (at.isBefore(monthStart) && previousMonthsClosed)) {
                throw refused(Reason.TIMESTAMP_OUT_OF_BOUNDS, "Timestamp " + at + " is out of the allowed range");
            }
        }
    }

    private static MeteringRejectedException refused(Reason reason, String message) {
        return new MeteringRejectedException(reason, message, null);
    }
}
