package org.mpactivation.application;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.mpactivation.domain.LicenseId;
import org.mpactivation.port.out.AwsMetering;
import org.mpactivation.port.out.MarketplaceThrottledException;
import org.mpactivation.port.out.MeteringLine;
import org.mpactivation.port.out.MeteringRejectedException;
import org.mpactivation.port.out.MeteringResult;

/**
 * BatchMeterUsage as AWS documents it, in memory, recording every call. A record is billed once per
 * customer, dimension and hour: an identical resend answers Success with the same metering record
 * id and bills nothing more, another quantity for a billed key answers DuplicateRecord. The test can
 * program answers: throttling, unprocessed records, a refused batch, buyers who are no longer
 * subscribed, a process death right after AWS accepted a call, and something to run during a call.
 */
public final class FakeAwsMetering implements AwsMetering {

    /** One call as made: its product, its lines and what happened ({@code OK}, {@code THROTTLED}, {@code REJECTED}). */
    public record Call(String productCode, List<MeteringLine> lines, String outcome) {
    }

    /** What a call died of after AWS processed it: the process itself, so nothing may catch it. */
    public static final class DiedAfterCall extends Error {
        DiedAfterCall() {
            super("the process died after the marketplace accepted the call");
        }
    }

    private final List<Call> calls = new ArrayList<>();
    private final Map<String, Integer> billed = new LinkedHashMap<>();
    private final Map<String, String> recordIds = new HashMap<>();
    private final Map<String, List<Integer>> processed = new LinkedHashMap<>();
    private final Set<String> notSubscribed = new HashSet<>();
    private final Deque<Integer> unprocessedNext = new ArrayDeque<>();
    private int throttleNext;
    private int alwaysLeaveUnprocessed;
    private Predicate<MeteringLine> rejectIf = line -> false;
    private MeteringRejectedException.Reason rejectReason = MeteringRejectedException.Reason.OTHER;
    private int dieAfterCall = -1;
    private Runnable duringCall = () -> { };
    private int nextRecordId;

    // ---- programming

    public synchronized void throttleNext(int callCount) {
        throttleNext = callCount;
    }

    /** The next calls leave this many of their last lines unprocessed, one count per call. */
    public synchronized void leaveUnprocessedNext(Integer... perCall) {
        unprocessedNext.addAll(List.of(perCall));
    }

    /** Every call from now on leaves this many of its last lines unprocessed (0: none). */
    public synchronized void alwaysLeaveUnprocessed(int lines) {
        alwaysLeaveUnprocessed = lines;
    }

    /** A call holding any line that matches is refused whole. */
    public synchronized void reject(Predicate<MeteringLine> when, MeteringRejectedException.Reason reason) {
        rejectIf = when;
        rejectReason = reason;
    }

    /** Lines for this buyer answer CustomerNotSubscribed ({@link #customerKey} form). */
    public synchronized void unsubscribe(String customerKey) {
        notSubscribed.add(customerKey);
    }

    /** AWS billed this key before with this quantity (another process, an earlier product version). */
    public synchronized void billedBefore(String customerKey, String dimension, java.time.Instant hour, int quantity) {
        billed.put(customerKey + "|" + dimension + "|" + hour, quantity);
        recordIds.put(customerKey + "|" + dimension + "|" + hour, "earlier");
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

    /** Calls that AWS processed (neither throttled nor refused). */
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

    public static String customerKey(String productCode, MeteringLine line) {
        return line.byLicense()
                ? "license:" + line.customerAwsAccountId() + "/" + LicenseId.of(line.licenseArn())
                : "customer:" + productCode + "/" + line.customerIdentifier();
    }

    // ---- the API

    @Override
    public MeteringResult batchMeterUsage(String productCode, List<MeteringLine> lines) {
        Runnable hook;
        synchronized (this) {
            hook = duringCall;
        }
        hook.run();
        synchronized (this) {
            if (lines.isEmpty() || lines.size() > MAX_RECORDS_PER_CALL) {
                throw new AssertionError("a call must carry 1 to 25 records, not " + lines.size());
            }
            if (throttleNext > 0) {
                throttleNext--;
                calls.add(new Call(productCode, List.copyOf(lines), "THROTTLED"));
                throw new MarketplaceThrottledException("Rate exceeded", null);
            }
            if (lines.stream().anyMatch(rejectIf)) {
                calls.add(new Call(productCode, List.copyOf(lines), "REJECTED"));
                throw new MeteringRejectedException(rejectReason, "refused: " + rejectReason, null);
            }
            int leave = unprocessedNext.isEmpty() ? alwaysLeaveUnprocessed : unprocessedNext.poll();
            leave = Math.min(leave, lines.size());
            List<MeteringLine> done = lines.subList(0, lines.size() - leave);
            List<MeteringResult.LineResult> results = new ArrayList<>();
            for (MeteringLine line : done) {
                results.add(process(productCode, line));
            }
            calls.add(new Call(productCode, List.copyOf(lines), "OK"));
            if (dieAfterCall > 0 && --dieAfterCall == 0) {
                throw new DiedAfterCall();
            }
            return new MeteringResult(results, lines.subList(lines.size() - leave, lines.size()));
        }
    }

    private MeteringResult.LineResult process(String productCode, MeteringLine line) {
        String customer = customerKey(productCode, line);
        if (notSubscribed.contains(customer)) {
            return new MeteringResult.LineResult(line, MeteringResult.Status.CUSTOMER_NOT_SUBSCRIBED, null);
        }
        String key = customer + "|" + line.dimension() + "|" + line.hour();
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
}
