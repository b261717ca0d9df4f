package org.mpactivation.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mpactivation.adapter.aws.AwsJsonClient;
import org.mpactivation.domain.Entitlement;

/** The JSON of ResolveCustomer's and GetEntitlements' answers, edge cases included. */
class JsonAwsMarketplaceAnswersTest {

    private static JsonAwsMarketplace.ResolvedCustomer resolved(String json) throws IOException {
        try (JsonParser parser = AwsJsonClient.JSON.createParser(json.getBytes(StandardCharsets.UTF_8))) {
            return JsonAwsMarketplace.resolvedCustomer(parser);
        }
    }

    private static String licenseArn(String json) throws IOException {
        return resolved(json).licenseArn;
    }

    private static EntitlementPage page(String json) throws IOException {
        try (JsonParser parser = AwsJsonClient.JSON.createParser(json.getBytes(StandardCharsets.UTF_8))) {
            return EntitlementPage.read(parser);
        }
    }

    @Test
    void givenTheTopLevelLicence_thenItsTextIsRead_andNestedOnesAreNot() throws IOException {
        JsonAwsMarketplace.ResolvedCustomer customer = resolved("{\"CustomerIdentifier\":\"c\","
                + "\"Nested\":{\"LicenseArn\":\"inner\",\"List\":[1,{\"LicenseArn\":\"deeper\"}]},"
                + "\"LicenseArn\":\"arn:aws:license-manager::1:license:l-1\",\"ProductCode\":\"p\","
                + "\"CustomerAWSAccountId\":\"111122223333\"}");
        assertEquals("arn:aws:license-manager::1:license:l-1", customer.licenseArn);
        assertEquals("c", customer.customerIdentifier);
        assertEquals("p", customer.productCode);
        assertEquals("111122223333", customer.accountId);
    }

    @Test
    void givenNoTopLevelTextLicence_thenNoneIsRead() throws IOException {
        assertNull(licenseArn("{\"Nested\":{\"LicenseArn\":\"inner\"}}"));
        assertNull(licenseArn("{\"LicenseArn\":42}"));
        assertNull(licenseArn("{\"LicenseArn\":null}"));
        assertNull(licenseArn("{\"LicenseArn\":{\"Arn\":\"x\"}}"));
        assertNull(licenseArn("[{\"LicenseArn\":\"in an array\"}]"));
        assertNull(licenseArn(""));
    }

    @Test
    void givenTheFieldTwice_thenTheLastOneCounts() throws IOException {
        assertEquals("second", licenseArn("{\"LicenseArn\":\"first\",\"LicenseArn\":\"second\"}"));
    }

    @Test
    void givenBrokenJson_thenTheReadFails() {
        assertThrows(IOException.class, () -> licenseArn("{\"LicenseArn\":\"a\",\"Other\":{"));
    }

    @Test
    void givenAnOlderProduct_thenTheOptionalFieldsAreAbsent() throws IOException {
        JsonAwsMarketplace.ResolvedCustomer customer = resolved("{\"CustomerIdentifier\":\"c\",\"ProductCode\":\"p\"}");
        assertNull(customer.accountId);
        assertNull(customer.licenseArn);
    }

    @Test
    void givenEachValueKind_thenItIsWrittenAsTheSdkPrintedIt() throws IOException {
        EntitlementPage page = page("{\"Entitlements\":["
                + "{\"Dimension\":\"a\",\"Value\":{\"IntegerValue\":12},\"ExpirationDate\":1767225600},"
                + "{\"Dimension\":\"b\",\"Value\":{\"DoubleValue\":2.5},\"ExpirationDate\":1767225600.25},"
                + "{\"Dimension\":\"c\",\"Value\":{\"DoubleValue\":3}},"
                + "{\"Dimension\":\"d\",\"Value\":{\"BooleanValue\":true}},"
                + "{\"Dimension\":\"e\",\"Value\":{\"StringValue\":\"gold\"}},"
                + "{\"Dimension\":\"f\",\"Value\":{}},"
                + "{\"Dimension\":\"g\"},"
                + "{\"Dimension\":\"h\",\"Value\":{\"StringValue\":\"s\",\"IntegerValue\":7}}]}");
        assertEquals(List.of(
                new Entitlement("a", "12", Instant.parse("2026-01-01T00:00:00Z")),
                new Entitlement("b", "2.5", Instant.parse("2026-01-01T00:00:00.250Z")),
                new Entitlement("c", "3.0", null),
                new Entitlement("d", "true", null),
                new Entitlement("e", "gold", null),
                new Entitlement("f", "", null),
                new Entitlement("g", "", null),
                new Entitlement("h", "7", null)), page.entitlements);
        assertNull(page.nextToken);
    }

    @Test
    void givenUnknownFieldsAndOtherTypes_thenTheyAreSkipped() throws IOException {
        EntitlementPage page = page("{\"Unknown\":{\"Entitlements\":[{\"Dimension\":\"x\"}]},"
                + "\"Entitlements\":[{\"ProductCode\":\"p\",\"CustomerIdentifier\":\"c\",\"New\":[1,[2]],"
                + "\"Dimension\":\"a\",\"Value\":{\"IntegerValue\":\"12\",\"Other\":{}},\"ExpirationDate\":\"soon\"},"
                + "17],\"NextToken\":\"t-2\"}");
        assertEquals(List.of(new Entitlement("a", "", null)), page.entitlements);
        assertEquals("t-2", page.nextToken);
    }

    @Test
    void givenNoEntitlements_thenThePageIsEmpty() throws IOException {
        assertEquals(List.of(), page("{}").entitlements);
        assertEquals(List.of(), page("{\"Entitlements\":null,\"NextToken\":null}").entitlements);
        assertEquals(List.of(), page("").entitlements);
    }
}
