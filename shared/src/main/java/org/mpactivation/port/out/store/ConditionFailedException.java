package org.mpactivation.port.out.store;

/**
 * A conditional write found the item in another state than required: present on put-if-absent,
 * absent or at another version on replace/delete. The caller re-reads and decides.
 */
public class ConditionFailedException extends RuntimeException {

    private final ItemKey key;

    public ConditionFailedException(ItemKey key, Throwable cause) {
        super("condition failed for " + key, cause);
        this.key = key;
    }

    public ItemKey key() {
        return key;
    }
}
