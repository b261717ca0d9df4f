package org.mpactivation.benchmarks.coldstart;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** How the function's JVM is started: which JDK, and which class-data archive it maps. */
enum Variant {

    /** The running JDK with its default CDS archive of JDK classes only. */
    NONE("none"),
    /** The running JDK with the function's dynamic AppCDS archive (-XX:SharedArchiveFile). */
    APPCDS("appcds"),
    /** The JDK 25 with the function's AOT cache (-XX:AOTCache). */
    AOT("aot"),
    /** The JDK 25 without an AOT cache, to tell what the JDK alone changes. */
    JDK25("jdk25");

    private final String id;

    Variant(String id) {
        this.id = id;
    }

    String id() {
        return id;
    }

    boolean needsJdk25() {
        return this == AOT || this == JDK25;
    }

    /** The java launcher, or empty when this variant needs a JDK 25 and none is found. */
    Optional<Path> java() {
        return needsJdk25() ? Jdks.jdk25Java() : Optional.of(Jdks.runningJava());
    }

    /** The options that map the archive (none for the variants without one). */
    List<String> archiveOptions(Path archives, ColdStartFunction function) {
        List<String> options = new ArrayList<>();
        if (this == APPCDS) {
            options.add("-XX:SharedArchiveFile=" + appCds(archives, function));
        } else if (this == AOT) {
            options.add("-XX:AOTCache=" + aotCache(archives, function));
        }
        return options;
    }

    static Path appCds(Path archives, ColdStartFunction function) {
        return archives.resolve(function.id() + ".jsa");
    }

    static Path aotCache(Path archives, ColdStartFunction function) {
        return archives.resolve(function.id() + ".aot");
    }

    static Variant byId(String id) {
        for (Variant variant : values()) {
            if (variant.id.equals(id)) {
                return variant;
            }
        }
        throw new IllegalArgumentException("unknown variant " + id + " (none, appcds, aot, jdk25)");
    }
}
