package org.mpactivation.web;

/** Reads form posts: only {@code application/x-www-form-urlencoded} (with parameters such as a charset) is accepted. */
final class Forms {

    private Forms() {
    }

    static FormData parse(WebRequest request) {
        if (!ContentType.is(request.header("content-type").orElse(null), ContentType.FORM)) {
            throw new BadRequestException(415, "error.request.mediaType");
        }
        return FormData.parse(UrlEncoding.utf8(request.body()));
    }

    /** The form, if the request carries a readable one (else the step refuses it later, as always). */
    static java.util.Optional<FormData> readable(WebRequest request) {
        try {
            return java.util.Optional.of(parse(request));
        } catch (RuntimeException unreadable) {
            return java.util.Optional.empty();
        }
    }
}
