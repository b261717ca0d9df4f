package org.mpactivation.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** Sends bytes as they are over a socket, as a prober would, and reads whatever comes back. */
final class RawHttp {

    /** A response as read: the status line's code, the header block and the body as text. */
    record Answer(int status, String head, String body) {
        boolean hasHeader(String name, String value) {
            return head.lines().anyMatch(line -> line.regionMatches(true, 0, name + ":", 0, name.length() + 1)
                    && line.substring(name.length() + 1).strip().equals(value));
        }

        String header(String name) {
            return head.lines().filter(line -> line.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                    .map(line -> line.substring(name.length() + 1).strip()).findFirst().orElse(null);
        }
    }

    private RawHttp() {
    }

    static Answer send(int port, String request) throws IOException {
        return send(port, request.getBytes(StandardCharsets.ISO_8859_1), null);
    }

    /**
     * Sends {@code request} from {@code from} (a loopback address such as 127.0.0.2, or null) and reads until
     * the server closes the connection or one response is complete.
     */
    static Answer send(int port, byte[] request, InetAddress from) throws IOException {
        try (Socket socket = from == null ? new Socket(InetAddress.getLoopbackAddress(), port)
                : new Socket(InetAddress.getLoopbackAddress(), port, from, 0)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException closedEarly) {
                // the server may answer and close before it has read everything sent: read the answer
            }
            return read(socket.getInputStream());
        }
    }

    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                all.write(buffer, 0, read);
                if (complete(all.toString(StandardCharsets.ISO_8859_1))) {
                    break;
                }
            }
        } catch (SocketTimeoutException | java.net.SocketException stopped) {
            // what came so far is the answer
        }
        String text = all.toString(StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || end < 0) {
            throw new IOException("no HTTP response: " + text);
        }
        return new Answer(Integer.parseInt(text.substring(9, 12)), text.substring(0, end), text.substring(end + 4));
    }

    private static boolean complete(String text) {
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        String head = text.substring(0, end).toLowerCase(java.util.Locale.ROOT);
        int at = head.indexOf("\r\ncontent-length:");
        if (at < 0) {
            return false;
        }
        int lineEnd = head.indexOf("\r\n", at + 2);
        long length = Long.parseLong(head.substring(at + 17, lineEnd < 0 ? head.length() : lineEnd).strip());
        return text.length() - end - 4 >= length;
    }
}
