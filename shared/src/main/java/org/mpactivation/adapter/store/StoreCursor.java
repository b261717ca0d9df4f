package org.mpactivation.adapter.store;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The opaque, URL-safe cursor both stores hand out: the key of the last item a page looked at.
 *
 * <p>Layout before Base64url (no padding): format byte, kind byte, for each part a 2-byte length and
 * its UTF-8 bytes, then a CRC-32 of everything before it. The checksum makes a damaged or edited
 * cursor fail loudly instead of silently starting elsewhere; it is not a secret, so the stores also
 * check that a cursor belongs to the query it is given to.
 */
final class StoreCursor {

    /** What a cursor points into, and how many key parts it carries. */
    enum Kind {
        /** pk, sk of the last item. */
        TABLE((byte) 'T', 2),
        /** gsi1pk, gsi1sk, pk, sk of the last item. */
        INDEX((byte) 'I', 4);

        private final byte tag;
        private final int parts;

        Kind(byte tag, int parts) {
            this.tag = tag;
            this.parts = parts;
        }
    }

    private static final byte FORMAT = 1;
    private static final int MAX_CHARS = 16_384;
    private static final int MAX_PART_BYTES = 0xFFFF;

    private StoreCursor() {
    }

    static String encode(Kind kind, List<String> parts) {
        if (parts.size() != kind.parts) {
            throw new IllegalArgumentException("a " + kind + " cursor has " + kind.parts + " parts");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(FORMAT);
        out.write(kind.tag);
        for (String part : parts) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > MAX_PART_BYTES) {
                throw new IllegalArgumentException("cursor part too long");
            }
            out.write(bytes.length >>> 8);
            out.write(bytes.length & 0xFF);
            out.writeBytes(bytes);
        }
        CRC32 crc = new CRC32();
        crc.update(out.toByteArray());
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
    }

    /**
     * The parts of a cursor of this kind.
     *
     * @throws IllegalArgumentException if the cursor was not made by {@link #encode} for this kind
     */
    static List<String> decode(String cursor, Kind kind) {
        if (cursor.isEmpty() || cursor.length() > MAX_CHARS) {
            throw invalid();
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (bytes.length < 6) {
            throw invalid();
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        if ((int) crc.getValue() != buffer.getInt(bytes.length - 4)) {
            throw invalid();
        }
        buffer.limit(bytes.length - 4);
        if (buffer.get() != FORMAT || buffer.get() != kind.tag) {
            throw invalid();
        }
        List<String> parts = new ArrayList<>(kind.parts);
        for (int i = 0; i < kind.parts; i++) {
            if (buffer.remaining() < 2) {
                throw invalid();
            }
            int length = Short.toUnsignedInt(buffer.getShort());
            if (length == 0 || buffer.remaining() < length) {
                throw invalid();
            }
            ByteBuffer slice = buffer.slice(buffer.position(), length);
            buffer.position(buffer.position() + length);
            parts.add(utf8(slice));
        }
        if (buffer.hasRemaining()) {
            throw invalid();
        }
        return List.copyOf(parts);
    }

    private static String utf8(ByteBuffer bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString();
        } catch (CharacterCodingException e) {
            throw invalid();
        }
    }

    private static IllegalArgumentException invalid() {
        return new IllegalArgumentException("invalid cursor");
    }
}
