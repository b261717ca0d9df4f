package org.mpactivation.repository;

/** The names that must be unique, each guarded by its own item. */
public enum UniqueName {
    CONSOLE_USERNAME("console-username"),
    CONSOLE_EMAIL("console-email"),
    BILLING_USERNAME("billing-username");

    private final String code;

    UniqueName(String code) {
        this.code = code;
    }

    String code() {
        return code;
    }
}
