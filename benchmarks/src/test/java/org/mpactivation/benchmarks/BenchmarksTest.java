package org.mpactivation.benchmarks;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The artifact section of the one benchmark command: sizes against the 15 MB bound, nothing timed. */
class BenchmarksTest {

    @TempDir
    Path root;

    @Test
    void givenLambdaArtifactsWithinTheBound_thenTheSectionSaysSoAndListsEach() throws IOException {
        jar("functions-aws-1.0-lambda-fulfillment.jar", 12_000_000);
        jar("functions-aws-1.0-lambda-activation.jar", Benchmarks.ARTIFACT_LIMIT_BYTES);
        jar("functions-aws-1.0.jar", 100_000);

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        boolean within = Benchmarks.artifacts(root, new PrintStream(printed, true, StandardCharsets.UTF_8));

        String text = printed.toString(StandardCharsets.UTF_8);
        assertTrue(within, text);
        assertTrue(text.contains("lambda-fulfillment.jar") && text.contains("12,000,000 bytes"), text);
        assertTrue(text.contains("lambda-activation.jar") && text.contains("15,000,000 bytes"), text);
        assertFalse(text.contains("functions-aws-1.0.jar"), "the plain module jar is no Lambda artifact: " + text);
    }

    @Test
    void givenOneArtifactOverTheBound_thenTheSectionMissesItsTarget() throws IOException {
        jar("functions-aws-1.0-lambda-fulfillment.jar", 12_000_000);
        jar("functions-aws-1.0-lambda-activation.jar", Benchmarks.ARTIFACT_LIMIT_BYTES + 1);

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        boolean within = Benchmarks.artifacts(root, new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertFalse(within);
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("over 15 MB"));
    }

    @Test
    void givenNoArtifactsBuilt_thenTheTargetIsNotMet() {
        assertFalse(Benchmarks.artifacts(root, new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8)));
    }

    private void jar(String name, long bytes) throws IOException {
        Path dir = Files.createDirectories(root.resolve("functions-aws/target"));
        try (RandomAccessFile file = new RandomAccessFile(dir.resolve(name).toFile(), "rw")) {
            file.setLength(bytes);
        }
    }
}
