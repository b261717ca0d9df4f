package org.mpactivation.adapter.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MaskedAddressTest {

    @ParameterizedTest
    @CsvSource({
        "jane.buyer@example.com, j***@example.com, example.com",
        "j@example.com,          j***@example.com, example.com",
        "\"a@b\"@example.org,    \"***@example.org, example.org",
        "王小明@例子.cn,           王***@例子.cn,       例子.cn",
        "not-an-address,         ***,              unknown",
        "@example.com,           ***,              example.com",
    })
    void givenAddress_thenOnlyFirstCharacterAndDomainShow(String address, String masked, String domain) {
        assertEquals(masked, MaskedAddress.of(address));
        assertEquals(domain, MaskedAddress.domainOf(address));
    }
}
