package org.mpactivation.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mpactivation.benchmarks.coldstart.ColdStartBenchmark.Ratio;
import org.junit.jupiter.api.io.TempDir;

/** The one benchmark command's own judgements: artifact sizes against 15 MB, which ratio a target reads. */
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

    @Test
    void givenColdStartRatios_thenTheTargetsReadTheUnarchivedOneAndTheBestArchivedOne() {
        List<Ratio> ratios = List.of(
                new Ratio("aws-fulfillment", "none", 6.8),
                new Ratio("aws-fulfillment", "appcds", 3.7),
                new Ratio("aws-fulfillment", "aot", 2.4),
                new Ratio("azure-landing", "none", 8.3));

        assertEquals(6.8, Benchmarks.ratio(ratios, "aws-fulfillment", false));
        assertEquals(2.4, Benchmarks.ratio(ratios, "aws-fulfillment", true));
        assertEquals(Double.POSITIVE_INFINITY,
                Benchmarks.ratio(ratios, "azure-landing", true), "no archived run measured is no target met");
    }

    private void jar(String name, long bytes) throws IOException {
        Path dir = Files.createDirectories(root.resolve("functions-aws/target"));
        try (RandomAccessFile file = new RandomAccessFile(dir.resolve(name).toFile(), "rw")) {
            file.setLength(bytes);
        }
    }
}
