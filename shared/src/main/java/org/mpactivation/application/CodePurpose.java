package org.mpactivation.application;

/** Why an e-mail code was sent; a code is only good for its own purpose, session and address. */
public enum CodePurpose {
    REGISTER_EMAIL,
    BIND_BILLING_ACCOUNT,
    CONSOLE_ACCOUNT_EMAIL,
    NEW_CONSOLE_ACCOUNT_EMAIL
}
