/**
 * What runs inside each fresh JVM of the cold-start benchmark, on the deployment artifact's classpath: it loads
 * one function's handler as its cloud's runtime would, hands it one first request and prints one line when the
 * handler has answered. These classes reference only what the artifact holds (the handlers, Jackson, the
 * Lambda and Azure Functions interfaces) and the JDK; the build puts them in a jar of their own
 * ({@code benchmarks-…-coldstart-launcher.jar}), never in a deployed artifact.
 */
package org.mpactivation.benchmarks.coldstart.launch;
