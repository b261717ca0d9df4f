package org.mpactivation.benchmarks.coldstart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The functions the cold-start benchmark starts, each with its deployment artifact, the class that runs it in
 * the fresh JVM, and the marketplace call the Node.js reference makes for the same first request.
 *
 * <p>{@link #artifact()} is the one table of artifact paths (relative to the project root): a jar is the
 * classpath itself; a directory is the Azure Functions app folder (the functions jar, then {@code lib/*.jar}).
 */
public enum ColdStartFunction {

    AWS_FULFILLMENT("aws-fulfillment", Cloud.AWS, "functions-aws/target/functions-aws-%s-lambda-fulfillment.jar",
            "http", "org.mpactivation.aws.FulfillmentHandler", "aws-resolve"),
    AWS_ACTIVATION("aws-activation", Cloud.AWS, "functions-aws/target/functions-aws-%s-lambda-activation.jar",
            "http", "org.mpactivation.aws.ActivationHandler", "none"),
    AWS_NOTIFICATION("aws-notification", Cloud.AWS, "functions-aws/target/functions-aws-%s-lambda-notification.jar",
            "sqs", "org.mpactivation.aws.notify.NotificationQueueHandler", "none"),
    AWS_USAGE("aws-usage", Cloud.AWS, "functions-aws/target/functions-aws-%s-lambda-usage.jar",
            "http", "org.mpactivation.aws.UsageIntakeHandler", "none"),
    AWS_METERING("aws-metering", Cloud.AWS, "functions-aws/target/functions-aws-%s-lambda-metering.jar",
            "scheduled", "org.mpactivation.aws.MeteringHandler", "none"),
    AZURE_LANDING("azure-landing", Cloud.AZURE, "functions-azure/target/azure-functions/mp-activation",
            "http", "org.mpactivation.azure.ActivationFunction", "azure-resolve"),
    AZURE_WEBHOOK("azure-webhook", Cloud.AZURE, "functions-azure/target/azure-functions/mp-activation",
            "http", "org.mpactivation.azure.WebhookFunction", "none");

    /**
     * The version in the artifacts' file names: the build passes the project's; otherwise it is read from the
     * launcher jar's name in {@code benchmarks/target} (from the project root or the module).
     */
    static final String VERSION = System.getProperty("coldstart.version", versionOfLauncherJar());

    enum Cloud { AWS, AZURE }

    private final String id;
    private final Cloud cloud;
    private final String artifact;
    private final String eventKind;
    private final String handlerClass;
    private final String referenceCall;

    ColdStartFunction(String id, Cloud cloud, String artifact, String eventKind, String handlerClass,
                      String referenceCall) {
        this.id = id;
        this.cloud = cloud;
        this.artifact = artifact;
        this.eventKind = eventKind;
        this.handlerClass = handlerClass;
        this.referenceCall = referenceCall;
    }

    public String id() {
        return id;
    }

    Cloud cloud() {
        return cloud;
    }

    /** The artifact's path relative to the project root. */
    String artifact() {
        return String.format(Locale.ROOT, artifact, VERSION);
    }

    /** What {@code REFERENCE_CALL} the Node.js reference makes: aws-resolve, azure-resolve or none. */
    String referenceCall() {
        return referenceCall;
    }

    /** What the launcher hands the function: {@code http}, {@code sqs} or {@code scheduled}. */
    String eventKind() {
        return eventKind;
    }

    String handlerClass() {
        return handlerClass;
    }

    /** The launcher's main class and its arguments. */
    List<String> launcherCommand() {
        return cloud == Cloud.AWS
                ? List.of("org.mpactivation.benchmarks.coldstart.launch.AwsLauncher", eventKind, handlerClass)
                : List.of("org.mpactivation.benchmarks.coldstart.launch.AzureLauncher");
    }

    /**
     * The classpath of the fresh JVM: the launcher jar, then the artifact's entries in a fixed order (a class-data
     * archive checks that the classpath at run time is the one it was made with).
     */
    List<Path> classpath(Path projectRoot, Path launcherJar) {
        List<Path> entries = new ArrayList<>();
        entries.add(launcherJar);
        Path path = projectRoot.resolve(artifact());
        if (!Files.isDirectory(path)) {
            if (!Files.isRegularFile(path)) {
                throw new IllegalStateException("the artifact of " + id + " is missing: " + path
                        + " (run mvn package first)");
            }
            entries.add(path);
            return entries;
        }
        // the worker's HTTP types (azure-functions-java-core-library) come with the launcher jar, as with the worker
        try (Stream<Path> top = Files.list(path); Stream<Path> lib = Files.list(path.resolve("lib"))) {
            top.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(entries::add);
            lib.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(entries::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    private static String versionOfLauncherJar() {
        String prefix = "benchmarks-";
        String suffix = "-coldstart-launcher.jar";
        for (Path target : List.of(Path.of("benchmarks", "target"), Path.of("target"))) {
            if (!Files.isDirectory(target)) {
                continue;
            }
            try (Stream<Path> files = Files.list(target)) {
                Optional<String> version = files.map(file -> file.getFileName().toString())
                        .filter(name -> name.startsWith(prefix) && name.endsWith(suffix))
                        .map(name -> name.substring(prefix.length(), name.length() - suffix.length())).findFirst();
                if (version.isPresent()) {
                    return version.get();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        // before the first package: the version this table was written for
        return "0.1.0-SNAPSHOT";
    }

    static ColdStartFunction byId(String id) {
        for (ColdStartFunction function : values()) {
            if (function.id.equals(id)) {
                return function;
            }
        }
        throw new IllegalArgumentException("unknown function " + id + "; known: "
                + Stream.of(values()).map(ColdStartFunction::id).toList());
    }
}
