package org.mpactivation.port.out;

import java.util.List;

/** One page of a listing read through a port; {@code nextCursor} is null on the last page. */
public record Slice<T>(List<T> items, String nextCursor) {

    public Slice {
        items = List.copyOf(items);
    }
}
