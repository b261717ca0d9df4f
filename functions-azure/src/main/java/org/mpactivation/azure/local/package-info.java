/**
 * Running the Azure functions outside the Functions host: the local run and end-to-end tests serve them on a
 * JDK HTTP server. Not used when deployed.
 */
package org.mpactivation.azure.local;
