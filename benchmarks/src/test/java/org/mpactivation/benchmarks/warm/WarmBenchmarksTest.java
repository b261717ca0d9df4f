package org.mpactivation.benchmarks.warm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mpactivation.adapter.security.Argon2PasswordHasher;

/**
 * The warm benchmarks still walk every step (a few registrations, nothing timed or asserted about time),
 * the README's run command bounds the local server's heap, and the production hasher meets OWASP's minimum.
 */
class WarmBenchmarksTest {

    @Test
    void givenTheInMemoryStore_whenBothCloudsRegister_thenEveryStepAndTheHashingArePrinted() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        WarmBenchmark.run(new WarmOptions(2, 1, 1, List.of("memory"), List.of("aws", "azure")),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String output = bytes.toString(StandardCharsets.UTF_8);
        for (String step : List.of("POST /aws/fulfillment", "GET  /azure/landing?token=", "GET  /azure/signin/callback",
                "POST /activate/register: send code", "POST /activate/register: basic information",
                "POST /activate/register/company", "POST /activate/register/workspace: activate", "GET  /activate/done",
                "(argon2id hash, each)", "(marketplace and Entra calls, each)")) {
            assertTrue(output.contains(step), step + " in\n" + output);
        }
    }

    @Test
    void givenTheReadme_thenTheLocalServersRunCommandBoundsItsHeap() throws Exception {
        List<String> command = ReadmeCommand.javaCommand(Path.of("..", "README.md"));
        assertTrue(command.stream().anyMatch(word -> word.startsWith("-Xmx")), String.join(" ", command));
        assertTrue(command.get(command.size() - 1).endsWith("local-server.jar"), String.join(" ", command));
    }

    @Test
    void givenTheProductionHasher_thenItsParametersMeetOwaspsMinimumForArgon2id() {
        String hash = new Argon2PasswordHasher().hash("correct horse 42");
        assertTrue(HashingBenchmark.meetsOwasp(hash), hash);
        assertTrue(!HashingBenchmark.meetsOwasp("$argon2id$v=19$m=16384,t=2,p=1$c2FsdA$aGFzaA"), "16 MiB, t=2 is below");
    }
}
