package org.mpactivation.simulator.entra;

/**
 * An authorization request that passed validation and waits for the user to pick an account on the sign-in
 * page.
 *
 * @param authority the tenant segment of the path it came through ({@code common}, {@code organizations} or a
 *     tenant id): which users may sign in
 */
record SignInRequest(String authority, String clientId, String redirectUri, String state, String nonce,
        String codeChallenge) {
}
