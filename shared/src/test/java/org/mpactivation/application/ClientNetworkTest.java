package org.mpactivation.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientNetworkTest {

    @Test
    void givenIpv4Addresses_thenEachIsItsOwnClient() {
        assertEquals(Optional.of("ip:203.0.113.7"), ClientNetwork.of("203.0.113.7"));
        assertNotEquals(ClientNetwork.of("203.0.113.7"), ClientNetwork.of("203.0.113.8"));
    }

    @Test
    void givenIpv6Addresses_thenOneSlash64IsOneClientWhateverTheSpelling() {
        assertEquals(ClientNetwork.of("2001:db8:1:2::1"), ClientNetwork.of("2001:0DB8:0001:0002:ffff:0:0:9"));
        assertNotEquals(ClientNetwork.of("2001:db8:1:2::1"), ClientNetwork.of("2001:db8:1:3::1"));
        assertEquals(ClientNetwork.of("198.51.100.4"), ClientNetwork.of("::ffff:198.51.100.4"));
    }

    @Test
    void givenNoAddressOrALoopbackPeer_thenNoPerClientLimitApplies() {
        for (String none : new String[] {null, "", " ", "unknown", "127.0.0.1", "127.1.2.3", "::1"}) {
            assertEquals(Optional.empty(), ClientNetwork.of(none), String.valueOf(none));
        }
    }

    @Test
    void givenSomethingThatIsNotAnAddress_thenItIsCountedAsGivenAndNeverLookedUp() {
        assertEquals(Optional.of("ip:example.com"), ClientNetwork.of("example.com"));
    }
}
