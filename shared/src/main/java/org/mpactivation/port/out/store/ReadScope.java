package org.mpactivation.port.out.store;

import java.util.function.Supplier;

/**
 * The span of one request for the store's reads: within it, an item read once (alone or in a batch
 * read ahead) is not read again, and an item written is known as written, so a request that reads
 * the keys it knows up front together pays one round trip for them.
 */
public interface ReadScope {

    /** No scope: every read goes to the store. */
    ReadScope NONE = new ReadScope() {
        @Override
        public <T> T within(Supplier<T> request) {
            return request.get();
        }
    };

    /** Runs {@code request} in a scope of its own (or in the scope already open on this thread). */
    <T> T within(Supplier<T> request);
}
