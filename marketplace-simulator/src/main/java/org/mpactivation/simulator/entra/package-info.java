/**
 * A local OpenID Connect / OAuth 2.0 provider standing in for Microsoft Entra ID, for tests and the local run:
 * per-tenant discovery ({@code /{tenant}/v2.0/.well-known/openid-configuration}) and key set
 * ({@code /{tenant}/discovery/v2.0/keys}), the token endpoint ({@code /{tenant}/oauth2/v2.0/token}: client
 * credentials, authorization code with PKCE S256) and a sign-in page ({@code /{tenant}/oauth2/v2.0/authorize})
 * offering registered test users of several tenants. Tokens are RS256 JWTs signed with keys generated at
 * start, in Entra's v1 or v2 claim form. Set up and driven through
 * {@link org.mpactivation.simulator.entra.EntraSimulator}.
 */
package org.mpactivation.simulator.entra;
