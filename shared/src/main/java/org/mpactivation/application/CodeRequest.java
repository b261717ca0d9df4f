package org.mpactivation.application;

import java.util.Objects;

/**
 * One request for an e-mail code: the session and purpose it is for, the address it goes to, the
 * existing account it is asked for (null when none), the network address of the client asking, and
 * whether it is mailed at all: a code for an account that does not exist is counted and stored like
 * any other, so that the answer does not tell whether the account exists, but goes nowhere.
 */
public record CodeRequest(String sessionId, CodePurpose purpose, String address, String account, String client,
                          boolean deliver) {

    public CodeRequest {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(address, "address");
        client = client == null ? ClientNetwork.UNKNOWN : client;
    }

    /** A code mailed to {@code address}, asked for by {@code client}. */
    public static CodeRequest to(String sessionId, CodePurpose purpose, String address, String client) {
        return new CodeRequest(sessionId, purpose, address, null, client, true);
    }

    /** The same request, counted against the allowance of {@code accountName} too. */
    public CodeRequest forAccount(String accountName) {
        return new CodeRequest(sessionId, purpose, address, accountName, client, deliver);
    }

    /** The same request, stored and counted but mailed to no one. */
    public CodeRequest undelivered() {
        return new CodeRequest(sessionId, purpose, address, account, client, false);
    }
}
