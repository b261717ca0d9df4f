package org.mpactivation.testkit.artifacts;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What a deployment artifact holds: one or more jars (a Lambda function's shaded jar, or an Azure Function
 * App's jar and its {@code lib/}), read as one class path. Answers the questions the packaging tests ask:
 * which entries it carries, whether its {@code META-INF/services} files name classes it has, and whether
 * the classes of a library it carries only in part still find every class of that library they refer to.
 */
public final class DeployedArtifact {

    private static final Pattern TYPE_IN_DESCRIPTOR = Pattern.compile("L([\\w/$]+);");

    private final List<Path> jars;
    private final Set<String> entries = new TreeSet<>();
    private final Map<String, List<String>> services = new TreeMap<>();

    private DeployedArtifact(List<Path> jars) {
        this.jars = List.copyOf(jars);
        for (Path jar : jars) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                for (ZipEntry entry : Collections.list(zip.entries())) {
                    entries.add(entry.getName());
                    if (entry.getName().startsWith("META-INF/services/") && !entry.isDirectory()) {
                        services.computeIfAbsent(entry.getName().substring("META-INF/services/".length()),
                                name -> new ArrayList<>()).addAll(providers(zip, entry));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + jar, e);
            }
        }
    }

    public static DeployedArtifact of(List<Path> jars) {
        return new DeployedArtifact(jars);
    }

    public List<Path> jars() {
        return jars;
    }

    /** The bytes on disk, all jars together. */
    public long size() {
        long size = 0;
        for (Path jar : jars) {
            try {
                size += Files.size(jar);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return size;
    }

    public long classCount() {
        return entries.stream().filter(name -> name.endsWith(".class")).count();
    }

    /** The entries whose names start with the prefix (a package as {@code org/example/}, or a class). */
    public List<String> entriesUnder(String prefix) {
        return entries.stream().filter(name -> name.startsWith(prefix) && !name.endsWith("/")).toList();
    }

    public boolean hasClass(String internalName) {
        return entries.contains(internalName + ".class");
    }

    /** Each provider named in a {@code META-INF/services} file whose class the artifact lacks, as file: class. */
    public List<String> missingServiceProviders() {
        List<String> missing = new ArrayList<>();
        services.forEach((service, providers) -> providers.stream()
                .filter(provider -> !hasClass(provider.replace('.', '/')))
                .forEach(provider -> missing.add(service + ": " + provider)));
        return missing;
    }

    public Map<String, List<String>> services() {
        return Collections.unmodifiableMap(services);
    }

    /**
     * The classes under {@code prefix} that classes under {@code prefix} refer to but the artifact lacks, as
     * referrer -> referred. Empty when a library kept in part is closed under its own references.
     */
    public List<String> danglingReferencesWithin(String prefix) {
        List<String> dangling = new ArrayList<>();
        for (String entry : entriesUnder(prefix)) {
            if (!entry.endsWith(".class") || entry.startsWith("META-INF/")) {
                continue;
            }
            String referrer = entry.substring(0, entry.length() - ".class".length());
            for (String referred : referencedClasses(read(entry))) {
                if (referred.startsWith(prefix) && !hasClass(referred)) {
                    dangling.add(referrer + " -> " + referred);
                }
            }
        }
        return dangling;
    }

    private byte[] read(String entryName) {
        for (Path jar : jars) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                ZipEntry entry = zip.getEntry(entryName);
                if (entry != null) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        return in.readAllBytes();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalArgumentException("no entry " + entryName);
    }

    private static List<String> providers(ZipFile zip, ZipEntry entry) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(line -> line.replaceAll("#.*", "").strip())
                    .filter(line -> !line.isEmpty())
                    .toList();
        }
    }

    /** The classes a class file names in its constant pool: class entries and types inside descriptors. */
    static Set<String> referencedClasses(byte[] classFile) {
        Set<String> names = new HashSet<>();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile))) {
            in.skipBytes(8);
            int count = in.readUnsignedShort();
            String[] utf8 = new String[count];
            List<Integer> classIndexes = new ArrayList<>();
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8[i] = in.readUTF();
                    case 7 -> classIndexes.add(in.readUnsignedShort());
                    case 8, 16, 19, 20 -> in.skipBytes(2);
                    case 15 -> in.skipBytes(3);
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
                    case 5, 6 -> {
                        in.skipBytes(8);
                        i++;
                    }
                    default -> throw new IllegalArgumentException("unknown constant pool tag " + tag);
                }
            }
            for (int index : classIndexes) {
                String name = utf8[index];
                names.add(name.startsWith("[") ? name.replaceAll("^\\[+L?|;$", "") : name);
            }
            for (String text : utf8) {
                if (text != null) {
                    Matcher matcher = TYPE_IN_DESCRIPTOR.matcher(text);
                    while (matcher.find()) {
                        names.add(matcher.group(1));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }
}
