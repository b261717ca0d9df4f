package org.mpactivation.domain;

/** The marketplaces that sell the product. */
public enum Cloud {
    AWS("aws"),
    AZURE("azure");

    private final String code;

    Cloud(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Cloud fromCode(String code) {
        for (Cloud cloud : values()) {
            if (cloud.code.equals(code)) {
                return cloud;
            }
        }
        throw new IllegalArgumentException("unknown cloud: " + code);
    }
}
