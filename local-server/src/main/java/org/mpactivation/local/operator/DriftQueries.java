package org.mpactivation.local.operator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.mpactivation.domain.Drift;
import org.mpactivation.domain.ReconciliationRun;
import org.mpactivation.local.operator.OperatorViews.DriftRow;
import org.mpactivation.local.operator.OperatorViews.Field;
import org.mpactivation.local.operator.OperatorViews.ReconciliationView;
import org.mpactivation.local.operator.OperatorViews.SubscriptionRef;
import org.mpactivation.port.out.DriftReports;
import org.mpactivation.port.out.store.ItemStore;
import org.mpactivation.repository.DriftFindings;

/** Reads the latest reconciliation run and its drift, page by page, up to what one page can show. */
final class DriftQueries {

    /** The page lists at most this many findings (the logs carry every one). */
    static final int MAX_ROWS = 500;

    private final DriftReports reports;

    DriftQueries(ItemStore store) {
        this.reports = new DriftFindings(store);
    }

    /** The metering reconciliation's latest run: the ledger against what the marketplace recorded. */
    ReconciliationView latest(String runAction) {
        return view(reports.latestRun(), runAction);
    }

    /** The daily Azure subscription comparison's latest run. */
    ReconciliationView latestSubscriptionRun(String runAction) {
        return view(reports.latestSubscriptionRun(), runAction);
    }

    private ReconciliationView view(Optional<ReconciliationRun> latest, String runAction) {
        if (latest.isEmpty()) {
            return new ReconciliationView(List.of(), List.of(), false, runAction);
        }
        ReconciliationRun run = latest.get();
        List<Drift> found = new ArrayList<>(reports.found(run.runId(), MAX_ROWS + 1));
        boolean truncated = found.size() > MAX_ROWS;
        if (truncated) {
            found.remove(MAX_ROWS);
        }
        found.sort(Comparator.comparing((Drift d) -> d.subscriptionId().asText()).thenComparing(Drift::hour)
                .thenComparing(Drift::dimension).thenComparing(Drift::kind));
        List<DriftRow> rows = new ArrayList<>();
        for (Drift d : found) {
            rows.add(new DriftRow(new SubscriptionRef(d.subscriptionId().asText(),
                    OperatorQueries.href(d.subscriptionId()), OperatorViews.NONE),
                    OperatorQueries.time(d.hour()), d.dimension(), d.kind().name(), number(d.ledgerQuantity()),
                    number(d.marketplaceQuantity()), d.detail().isEmpty() ? OperatorViews.NONE : d.detail()));
        }
        List<Field> fields = List.of(new Field("Run", run.runId()),
                new Field("Started", OperatorQueries.time(run.startedAt())),
                new Field("Finished", OperatorQueries.time(run.finishedAt())),
                new Field("Subscriptions compared", Integer.toString(run.subscriptions())),
                new Field("Drift found", Integer.toString(run.drifts())),
                new Field("Subscriptions that failed", Integer.toString(run.failed())),
                new Field("Complete", run.complete() ? "yes" : "no: stopped at its time budget, the rest is due"));
        return new ReconciliationView(fields, rows, truncated, runAction);
    }

    private static String number(Long value) {
        return value == null ? OperatorViews.NONE : Long.toString(value);
    }
}
