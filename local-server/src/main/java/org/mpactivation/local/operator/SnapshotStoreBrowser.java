package org.mpactivation.local.operator;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.mpactivation.port.out.store.Item;

/**
 * A {@link StoreBrowser} over a store that can list all its items at once (the local file store,
 * an in-memory store in tests). Expired items are left out even if the supplier still lists them.
 */
public final class SnapshotStoreBrowser implements StoreBrowser {

    static final Comparator<Item> KEY_ORDER = Comparator.comparing((Item item) -> item.key().pk())
            .thenComparing(item -> item.key().sk());

    private final Supplier<List<Item>> scan;
    private final Clock clock;

    public SnapshotStoreBrowser(Supplier<List<Item>> scan, Clock clock) {
        this.scan = Objects.requireNonNull(scan, "scan");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public List<Item> items(String pkPrefix, String sk) {
        Objects.requireNonNull(pkPrefix, "pkPrefix");
        long now = clock.instant().getEpochSecond();
        return scan.get().stream()
                .filter(item -> item.key().pk().startsWith(pkPrefix))
                .filter(item -> sk == null || sk.equals(item.key().sk()))
                .filter(item -> item.expiresAt() == null || item.expiresAt().getEpochSecond() > now)
                .sorted(KEY_ORDER)
                .toList();
    }
}
