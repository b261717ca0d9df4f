package org.mpactivation.application;

import org.mpactivation.domain.Timestamps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.mpactivation.domain.DimensionMap;
import org.mpactivation.domain.MeteringState;
import org.mpactivation.domain.UsageHours;
import org.mpactivation.domain.UsageRecord;
import org.mpactivation.domain.Workspace;
import org.mpactivation.repository.MeteringStates;
import org.mpactivation.repository.UsageRepository;
import org.mpactivation.repository.WorkspaceRepository;

/**
 * Takes batches of usage records from the product. A batch is checked whole before anything is
 * stored: one bad record refuses the batch (with the reason per record) and stores nothing. Records
 * are stored once per record id; a resend with the same content is a duplicate, a resend with other
 * content is refused. Usage for an hour that is closed (see {@link UsageHours}), already reported,
 * or of a workspace without a billing channel is refused: it could never be billed and must not
 * disappear silently.
 */
public final class UsageIntake {

    public static final int MAX_RECORDS = 500;
    public static final long MAX_QUANTITY = 1_000_000_000_000L;
    private static final Pattern RECORD_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");
    private static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);

    private final UsageRepository usage;
    private final WorkspaceRepository workspaces;
    private final MeteringStates metering;
    private final DimensionMap dimensions;
    private final Clock clock;

    public UsageIntake(UsageRepository usage, WorkspaceRepository workspaces, MeteringStates metering,
                       DimensionMap dimensions, Clock clock) {
        this.usage = usage;
        this.workspaces = workspaces;
        this.metering = metering;
        this.dimensions = dimensions;
        this.clock = clock;
    }

    /** One record as sent (strings, so that every field can be checked and reported). */
    public record Submitted(String recordId, String workspaceId, String dimension, String hour, Long quantity) {
    }

    public record Rejection(int index, String recordId, String reason) {
    }

    public record Result(int accepted, int duplicates) {
    }

    /** The batch was refused; nothing was stored. */
    public static final class BatchRejectedException extends RuntimeException {
        private final List<Rejection> rejections;
        private final boolean conflict;

        BatchRejectedException(List<Rejection> rejections, boolean conflict) {
            super("usage batch refused: " + rejections.size() + " records");
            this.rejections = List.copyOf(rejections);
            this.conflict = conflict;
        }

        public List<Rejection> rejections() {
            return rejections;
        }

        /** True when the records are well-formed but clash with stored ones (same id, other content). */
        public boolean isConflict() {
            return conflict;
        }
    }

    /**
     * The request took so long that an hour of its records closed while it was storing them: the
     * records named in {@code stored} are stored (and will be billed), the others are not and can
     * no longer be. Rare (the write deadline leaves minutes), but never silent.
     */
    public static final class IntakeTooLateException extends RuntimeException {
        private final List<String> stored;
        private final List<String> notStored;

        IntakeTooLateException(List<String> stored, List<String> notStored) {
            super("usage batch stopped at the write deadline: " + stored.size() + " stored, " + notStored.size()
                    + " not stored");
            this.stored = List.copyOf(stored);
            this.notStored = List.copyOf(notStored);
        }

        public List<String> stored() {
            return stored;
        }

        public List<String> notStored() {
            return notStored;
        }
    }

    /**
     * A concurrent request stored some of this batch's ids with other content while this one was storing: the
     * records named in {@code stored} are stored (now or before, with this content), the {@code conflicts} are
     * not. Sending the batch again after fixing the conflicting records stores nothing twice.
     */
    public static final class ConcurrentConflictException extends RuntimeException {
        private final List<String> stored;
        private final List<Rejection> conflicts;

        ConcurrentConflictException(List<String> stored, List<Rejection> conflicts) {
            super("usage batch met " + conflicts.size() + " concurrent conflicts after storing " + stored.size()
                    + " records");
            this.stored = List.copyOf(stored);
            this.conflicts = List.copyOf(conflicts);
        }

        public List<String> stored() {
            return stored;
        }

        public List<Rejection> conflicts() {
            return conflicts;
        }
    }

    public Result accept(List<Submitted> batch) {
        if (batch.isEmpty() || batch.size() > MAX_RECORDS) {
            throw new BatchRejectedException(List.of(new Rejection(-1, null,
                    "a batch holds 1 to " + MAX_RECORDS + " records")), false);
        }
        Instant now = clock.instant();
        List<Rejection> rejections = new ArrayList<>();
        Map<String, UsageRecord> records = new LinkedHashMap<>();
        Map<String, IntakeWindow> windows = new HashMap<>();
        int repeatedInBatch = 0;
        for (int i = 0; i < batch.size(); i++) {
            Submitted s = batch.get(i);
            String problem = problem(s, now, windows);
            if (problem != null) {
                rejections.add(new Rejection(i, s.recordId(), problem));
                continue;
            }
            UsageRecord record = new UsageRecord(s.recordId(), s.workspaceId(), s.dimension(), hourOf(s.hour()),
                    s.quantity());
            UsageRecord earlier = records.putIfAbsent(record.recordId(), record);
            if (earlier != null && !earlier.equals(record)) {
                rejections.add(new Rejection(i, s.recordId(), "the batch holds this record id twice, differently"));
            } else if (earlier != null) {
                repeatedInBatch++;
            }
        }
        if (!rejections.isEmpty()) {
            throw new BatchRejectedException(rejections, false);
        }
        int duplicates = repeatedInBatch;
        List<UsageRecord> fresh = new ArrayList<>();
        for (UsageRecord record : records.values()) {
            Optional<UsageRecord> stored = usage.find(record.recordId());
            if (stored.isEmpty()) {
                fresh.add(record);
            } else if (stored.get().equals(record)) {
                duplicates++;
            } else {
                rejections.add(new Rejection(indexOf(batch, record.recordId()), record.recordId(),
                        "a record with this id was stored before with other content"));
            }
        }
        if (!rejections.isEmpty()) {
            throw new BatchRejectedException(rejections, true);
        }
        return store(batch, fresh, duplicates);
    }

    /**
     * Writes the records no earlier request had stored when this one looked. Each is counted from the outcome of
     * its own conditional write: a record a concurrent request stored first is a duplicate (the same content) or
     * a conflict (other content), never accepted twice.
     */
    private Result store(List<Submitted> batch, List<UsageRecord> fresh, int duplicates) {
        int accepted = 0;
        int raced = 0;
        List<String> stored = new ArrayList<>();
        List<Rejection> conflicts = new ArrayList<>();
        for (UsageRecord record : fresh) {
            if (!UsageHours.writable(record.hour(), clock.instant())) {
                // this request was too slow: the hour may be metered already, so storing it now could lose it
                List<String> notStored = fresh.stream().map(UsageRecord::recordId)
                        .filter(id -> !stored.contains(id) && conflicts.stream()
                                .noneMatch(c -> c.recordId().equals(id))).toList();
                throw new IntakeTooLateException(stored, notStored);
            }
            UsageRepository.Insert insert = usage.insert(record);
            if (insert.written()) {
                accepted++;
                stored.add(record.recordId());
            } else if (insert.holds(record)) {
                raced++;
                stored.add(record.recordId());
            } else {
                conflicts.add(new Rejection(indexOf(batch, record.recordId()), record.recordId(),
                        "a record with this id was stored at the same time with other content"));
            }
        }
        if (!conflicts.isEmpty()) {
            throw new ConcurrentConflictException(stored, conflicts);
        }
        return new Result(accepted, duplicates + raced);
    }

    private String problem(Submitted s, Instant now, Map<String, IntakeWindow> windows) {
        if (s.recordId() == null || !RECORD_ID.matcher(s.recordId()).matches()) {
            return "recordId must be 1 to 128 letters, digits, '_', '.', ':' or '-'";
        }
        if (s.dimension() == null || dimensions.marketplaceDimension(s.dimension()).isEmpty()) {
            return "unknown dimension";
        }
        if (s.quantity() == null || s.quantity() < 0 || s.quantity() > MAX_QUANTITY) {
            return "quantity must be a whole number from 0 to " + MAX_QUANTITY;
        }
        Instant hour;
        try {
            hour = hourOf(s.hour());
        } catch (DateTimeParseException | NullPointerException e) {
            return "hour must be an ISO-8601 UTC time such as 2026-11-27T10:00:00Z";
        }
        if (hour.isAfter(now.plus(FUTURE_TOLERANCE))) {
            return "hour is in the future";
        }
        if (!UsageHours.openForIntake(hour, now)) {
            return "hour is closed: usage must arrive within " + UsageHours.INTAKE_GRACE.toMinutes()
                    + " minutes after the hour ends";
        }
        if (s.workspaceId() == null || s.workspaceId().length() > 64) {
            return "unknown workspace";
        }
        IntakeWindow window = windows.computeIfAbsent(s.workspaceId(), this::window);
        if (window.refusal() != null) {
            return window.refusal();
        }
        if (hour.isBefore(window.firstHour())) {
            return "this hour was already reported to the marketplace, or is before the workspace was bound";
        }
        return null;
    }

    /**
     * Which hours of a workspace's usage can still be billed: none (with the reason), or those from
     * {@code firstHour} on (the hours before were reported, or the workspace was not bound yet).
     */
    private record IntakeWindow(String refusal, Instant firstHour) {
        static IntakeWindow refused(String reason) {
            return new IntakeWindow(reason, null);
        }
    }

    private IntakeWindow window(String workspaceId) {
        Optional<Workspace> found = workspaces.find(workspaceId);
        if (found.isEmpty()) {
            return IntakeWindow.refused("unknown workspace");
        }
        Workspace workspace = found.get();
        if (workspace.billingChannel() == null) {
            return IntakeWindow.refused(workspace.billedUntil() != null
                    ? "metering of this workspace's subscription has ended (final report sent); usage is taken"
                    + " again once the workspace is bound to a new subscription"
                    : "this workspace is not billed through a marketplace subscription yet: usage is taken from"
                    + " the hour its subscription is activated");
        }
        Optional<MeteringState> state = metering.find(workspace.billingChannel());
        if (state.isEmpty()) {
            return IntakeWindow.refused("this workspace is not billed through a marketplace subscription yet: its"
                    + " subscription is not activated");
        }
        if (state.get().stopped()) {
            // a stopped subscription takes no more usage: it would never be reported
            return IntakeWindow.refused("metering of this workspace's subscription has ended (final report sent)");
        }
        Instant boundHour = workspace.boundAt() == null ? Instant.MIN
                : workspace.boundAt().truncatedTo(ChronoUnit.HOURS);
        Instant reported = state.get().meteredThrough();
        return new IntakeWindow(null, boundHour.isAfter(reported) ? boundHour : reported);
    }

    private static Instant hourOf(String text) {
        return Timestamps.parse(text).truncatedTo(ChronoUnit.HOURS);
    }

    private static int indexOf(List<Submitted> batch, String recordId) {
        for (int i = 0; i < batch.size(); i++) {
            if (recordId.equals(batch.get(i).recordId())) {
                return i;
            }
        }
        return -1;
    }
}
