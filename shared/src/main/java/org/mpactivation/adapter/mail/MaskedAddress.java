package org.mpactivation.adapter.mail;

/**
 * How a recipient appears in logs and error messages: enough to tell which buyer's mail failed,
 * never the whole address.
 */
final class MaskedAddress {

    private MaskedAddress() {
    }

    /** {@code jane@example.com} becomes {@code j***@example.com}. */
    static String of(String address) {
        int at = address == null ? -1 : address.lastIndexOf('@');
        if (at < 1) {
            return "***";
        }
        return Character.toString(address.codePointAt(0)) + "***@" + address.substring(at + 1);
    }

    /** The part after the last {@code @}, or {@code unknown}. */
    static String domainOf(String address) {
        int at = address == null ? -1 : address.lastIndexOf('@');
        if (at < 0 || at == address.length() - 1) {
            return "unknown";
        }
        return address.substring(at + 1);
    }
}
