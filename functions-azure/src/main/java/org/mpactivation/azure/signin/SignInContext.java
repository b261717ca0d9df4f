package org.mpactivation.azure.signin;

import com.nimbusds.jose.proc.SecurityContext;
import java.util.Objects;

/**
 * What one sign-in expects of its ID token beyond what every sign-in expects: the nonce its browser was given.
 * Passed through the JWT processor to the claims check, so that one processor (and its cached key set) serves
 * every sign-in. Its {@code toString} leaves the nonce out.
 */
record SignInContext(String expectedNonce) implements SecurityContext {

    SignInContext {
        Objects.requireNonNull(expectedNonce, "expectedNonce");
    }

    @Override
    public String toString() {
        return "SignInContext[expectedNonce=***]";
    }
}
