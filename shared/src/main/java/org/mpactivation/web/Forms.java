package org.mpactivation.web;

import java.util.Locale;

/** Reads form posts: only {@code application/x-www-form-urlencoded} is accepted. */
final class Forms {

    private Forms() {
    }

    static FormData parse(WebRequest request) {
        String type = request.header("content-type").orElse("").toLowerCase(Locale.ROOT);
        if (!type.startsWith("application/x-www-form-urlencoded")) {
            throw new BadRequestException(415, "error.request.mediaType");
        }
        return FormData.parse(request.bodyText());
    }
}
