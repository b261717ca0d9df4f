package org.mpactivation.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LicenseArnCaptureTest {

    private static String read(String json) throws IOException {
        return LicenseArnCapture.licenseArn(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void givenTheTopLevelField_thenItsTextIsRead() throws IOException {
        assertEquals("arn:aws:license-manager::1:license:l-1", read("{\"CustomerIdentifier\":\"c\","
                + "\"Nested\":{\"LicenseArn\":\"inner\",\"List\":[1,{\"LicenseArn\":\"deeper\"}]},"
                + "\"LicenseArn\":\"arn:aws:license-manager::1:license:l-1\",\"ProductCode\":\"p\"}"));
    }

    @Test
    void givenNoTopLevelTextField_thenNothingIsRead() throws IOException {
        assertNull(read("{\"Nested\":{\"LicenseArn\":\"inner\"}}"));
        assertNull(read("{\"LicenseArn\":42}"));
        assertNull(read("{\"LicenseArn\":null}"));
        assertNull(read("[{\"LicenseArn\":\"in an array\"}]"));
        assertNull(read(""));
    }

    @Test
    void givenTheFieldTwice_thenTheLastOneCounts() throws IOException {
        assertEquals("second", read("{\"LicenseArn\":\"first\",\"LicenseArn\":\"second\"}"));
    }

    @Test
    void givenBrokenJson_thenTheReadFails() {
        assertThrows(IOException.class, () -> read("{\"LicenseArn\":\"a\",\"Other\":{"));
    }
}
