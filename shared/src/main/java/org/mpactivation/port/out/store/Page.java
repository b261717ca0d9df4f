package org.mpactivation.port.out.store;

import java.util.List;

/** One page of a query; {@code nextCursor} is null on the last page. Cursors are opaque strings. */
public record Page(List<Item> items, String nextCursor) {

    public Page {
        items = List.copyOf(items);
    }

    public boolean hasMore() {
        return nextCursor != null;
    }
}
