/**
 * The Azure adapters' one HTTP stack: {@link org.mpactivation.azure.http.AzureHttpTransport} sends a request
 * over the JDK's {@code HttpURLConnection} and returns the whole {@link org.mpactivation.azure.http.HttpAnswer};
 * {@link org.mpactivation.azure.http.FormBody} writes OAuth 2.0's form bodies and
 * {@link org.mpactivation.azure.http.JsonScalars} reads the small JSON answers of Entra ID with the streaming
 * parser.
 */
package org.mpactivation.azure.http;
