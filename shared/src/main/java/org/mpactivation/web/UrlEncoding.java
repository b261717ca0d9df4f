package org.mpactivation.web;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict decoding of {@code application/x-www-form-urlencoded} names and values (form bodies, query strings):
 * {@code +} is a space, {@code %XX} is a byte (two hex digits, nothing else), and the bytes must be UTF-8.
 * Anything else is refused with 400, never replaced with U+FFFD (what {@link java.net.URLDecoder} does), so a
 * value is either what the sender meant or not read at all.
 */
final class UrlEncoding {

    private UrlEncoding() {
    }

    /** @throws BadRequestException (400) for a bad escape or bytes that are not UTF-8 */
    static String decode(String encoded) {
        if (encoded.indexOf('%') < 0 && encoded.indexOf('+') < 0) {
            return encoded;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        int i = 0;
        while (i < encoded.length()) {
            char c = encoded.charAt(i);
            if (c == '%') {
                int high = i + 2 < encoded.length() ? Character.digit(encoded.charAt(i + 1), 16) : -1;
                int low = i + 2 < encoded.length() ? Character.digit(encoded.charAt(i + 2), 16) : -1;
                if (high < 0 || low < 0) {
                    throw malformed();
                }
                bytes.write(high * 16 + low);
                i += 3;
            } else if (c == '+') {
                bytes.write(' ');
                i++;
            } else {
                int end = i + Character.charCount(encoded.codePointAt(i));
                byte[] text = encoded.substring(i, end).getBytes(StandardCharsets.UTF_8);
                bytes.write(text, 0, text.length);
                i = end;
            }
        }
        return utf8(bytes.toByteArray());
    }

    /** @throws BadRequestException (400) when the bytes are not UTF-8 */
    static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException notUtf8) {
            throw malformed();
        }
    }

    private static BadRequestException malformed() {
        return new BadRequestException(400, "error.request.malformed");
    }
}
