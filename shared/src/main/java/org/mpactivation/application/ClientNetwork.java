package org.mpactivation.application;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The network a request came from, as counted by the per-client limits: an IPv4 address as it is,
 * an IPv6 address by its /64 prefix (one subscriber usually holds a whole /64, so counting single
 * addresses would give one client billions of allowances).
 */
final class ClientNetwork {

    /** What the web layer passes when the platform named no address. */
    static final String UNKNOWN = "unknown";
    private static final Pattern LOOPBACK = Pattern.compile("127\\.[0-9.]+|::1|0:0:0:0:0:0:0:1|::ffff:127\\.[0-9.]+");
    private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private ClientNetwork() {
    }

    /**
     * @return the network to count, or empty when the address is unknown or a loopback address:
     *         then no per-client limit applies. Counting every such request together would make one
     *         limit for everybody; a loopback peer is a proxy on the same host or a developer's own
     *         local server, never a buyer we could tell apart.
     */
    static Optional<String> of(String clientAddress) {
        if (clientAddress == null || clientAddress.isBlank() || UNKNOWN.equals(clientAddress)) {
            return Optional.empty();
        }
        String address = clientAddress.strip();
        if (LOOPBACK.matcher(address).matches()) {
            return Optional.empty();
        }
        if (address.indexOf(':') >= 0 && IPV6_LITERAL.matcher(address).matches()) {
            try {
                // a literal (checked above), so no name is looked up
                byte[] bytes = InetAddress.getByName(address).getAddress();
                if (bytes.length == 16) {
                    return Optional.of("v6:" + java.util.HexFormat.of().formatHex(Arrays.copyOf(bytes, 8)) + "/64");
                }
                return Optional.of("ip:" + InetAddress.getByAddress(bytes).getHostAddress());
            } catch (UnknownHostException notALiteral) {
                return Optional.of("raw:" + address);
            }
        }
        return Optional.of("ip:" + address);
    }
}
