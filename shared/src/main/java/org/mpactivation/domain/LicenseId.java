package org.mpactivation.domain;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stable part of an AWS licence ARN ({@code l-0123abcd...}). AWS's own samples show the same
 * licence with and without the {@code arn:aws:license-manager::<account>:license:} prefix, so
 * licences are compared by this id.
 */
public final class LicenseId {

    private static final Pattern ID = Pattern.compile("(?:^|[:/])(l-[0-9A-Za-z]+)$");

    private LicenseId() {
    }

    public static String of(String licenseArn) {
        Matcher matcher = ID.matcher(licenseArn.strip());
        return matcher.find() ? matcher.group(1) : licenseArn.strip();
    }
}
