/**
 * Buyer sign-in with Microsoft Entra ID for the Azure landing page: OpenID Connect's authorization code flow
 * with PKCE against a multi-tenant authority, the ID token validated with Nimbus (signature against the
 * published keys, issuer of the token's own tenant, audience, lifetime, nonce, optional tenant allow-list).
 * Implements {@link org.mpactivation.port.out.BuyerSignIn}; built from the app settings by
 * {@link org.mpactivation.azure.signin.EntraSignInSettings}.
 */
package org.mpactivation.azure.signin;
