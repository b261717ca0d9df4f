package org.mpactivation.domain;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Maps the product's usage dimensions (what workspaces report) to the listing's marketplace
 * dimensions. Configuration, not code.
 */
public final class DimensionMap {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private final Map<String, String> toMarketplace;

    public DimensionMap(Map<String, String> toMarketplace) {
        toMarketplace.forEach((usage, marketplace) -> {
            if (!NAME.matcher(usage).matches() || !NAME.matcher(marketplace).matches()) {
                throw new IllegalArgumentException("dimension names are 1 to 64 letters, digits, '.', '_' or '-'");
            }
        });
        this.toMarketplace = Map.copyOf(new LinkedHashMap<>(toMarketplace));
    }

    public Optional<String> marketplaceDimension(String usageDimension) {
        return Optional.ofNullable(usageDimension == null ? null : toMarketplace.get(usageDimension));
    }

    public Map<String, String> asMap() {
        return toMarketplace;
    }
}
