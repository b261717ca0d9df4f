package org.mpactivation.benchmarks.warm;

import java.util.List;

/**
 * The warm benchmark's arguments.
 *
 * @param iterations         measured registrations per cloud on the in-memory store
 * @param dynaliteIterations measured registrations per cloud on dynalite
 * @param warmUp             registrations before measuring (in memory; a fifth of it on dynalite)
 * @param stores             {@code memory}, {@code dynalite} or both
 * @param clouds             {@code aws}, {@code azure} or both
 */
public record WarmOptions(int iterations, int dynaliteIterations, int warmUp, List<String> stores,
                          List<String> clouds) {

    public static final String USAGE = """
            warm [--iterations=N] [--dynalite-iterations=N] [--warmup=N] [--store=memory|dynalite|both] \
            [--cloud=aws|azure|both]
              --iterations           measured registrations per cloud in memory (default 1000)
              --dynalite-iterations  measured registrations per cloud on dynalite (default 100)
              --warmup               registrations before measuring, in memory (default 200; dynalite a fifth)
              --store                the store(s) (default both)
              --cloud                the cloud(s) (default both)""";

    public WarmOptions {
        if (iterations < 1 || dynaliteIterations < 1 || warmUp < 0) {
            throw new IllegalArgumentException("iterations must be positive, the warm-up not negative");
        }
        stores = List.copyOf(stores);
        clouds = List.copyOf(clouds);
    }

    public static WarmOptions defaults() {
        return parse(new String[0]);
    }

    public static WarmOptions parse(String[] args) {
        int iterations = 1000;
        int dynalite = 100;
        int warmUp = 200;
        List<String> stores = List.of("memory", "dynalite");
        List<String> clouds = List.of("aws", "azure");
        for (String arg : args) {
            String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : "";
            if (arg.startsWith("--iterations=")) {
                iterations = Integer.parseInt(value);
            } else if (arg.startsWith("--dynalite-iterations=")) {
                dynalite = Integer.parseInt(value);
            } else if (arg.startsWith("--warmup=")) {
                warmUp = Integer.parseInt(value);
            } else if (arg.startsWith("--store=")) {
                stores = choice(value, "memory", "dynalite");
            } else if (arg.startsWith("--cloud=")) {
                clouds = choice(value, "aws", "azure");
            } else {
                throw new IllegalArgumentException("unknown argument " + arg + "\n" + USAGE);
            }
        }
        return new WarmOptions(iterations, dynalite, warmUp, stores, clouds);
    }

    private static List<String> choice(String value, String first, String second) {
        if (value.equals("both")) {
            return List.of(first, second);
        }
        if (value.equals(first) || value.equals(second)) {
            return List.of(value);
        }
        throw new IllegalArgumentException("expected " + first + ", " + second + " or both, not " + value);
    }
}
