package org.mpactivation.benchmarks.warm;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local server as the README starts it, in a JVM of its own, driven over real HTTP by a keep-alive
 * client: {@code registrations} full AWS registrations (the simulated AWS Marketplace's token, the
 * fulfillment POST, every page, the code read from the outbox page), with the process's resident memory
 * (VmRSS) and heap printed after 200 and at the end; then the latency of {@code gets} GETs of an
 * activation page and {@code posts} POSTs of a form of one session. Registrations include the Argon2id
 * hash (in the basic-information POST): this process cannot take it out.
 */
public final class LocalServerBenchmark {

    /** The target: resident memory after the registrations, MiB. */
    static final double RSS_TARGET_MIB = 512;
    private static final Pattern TOKEN = Pattern.compile("name=\"x-amzn-marketplace-token\" value=\"([^\"]+)\"");

    private LocalServerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Quiet.logs();
        int registrations = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int gets = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        int posts = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        System.exit(run(Path.of(""), registrations, gets, posts, System.out) ? 0 : 1);
    }

    /** False if the heap was unbounded, the RSS over the target, or a page's p99 over 5 ms. */
    public static boolean run(Path projectRoot, int registrations, int gets, int posts, PrintStream out)
            throws IOException, InterruptedException {
        Path root = projectRoot.toAbsolutePath();
        out.println("Local server, started " + (System.getProperty(ReadmeCommand.OVERRIDE) == null
                ? "as the README starts it: " : "with -D" + ReadmeCommand.OVERRIDE + ": ")
                + ReadmeCommand.firstLine(root.resolve("README.md")));
        try (ChildServer server = ChildServer.start(root)) {
            out.printf(Locale.ROOT, "  started, pid %d; %s%n", server.pid(), memory(server));
            StepTimer timer = new StepTimer(new SideCosts());
            Latencies registrationSteps = new Latencies();
            RegistrationPages pages = new RegistrationPages(timer, address -> codeFromOutbox(server, address));
            boolean memoryOk = true;
            long start = System.nanoTime();
            for (int i = 1; i <= registrations; i++) {
                timer.recordInto(i > Math.min(100, registrations / 5) ? registrationSteps : null);
                register(server, timer, pages, i);
                if (i == 200 || i == registrations) {
                    double rss = server.rssMiB();
                    out.printf(Locale.ROOT, "  after %,d registrations (%.0f s): %s%n", i,
                            (System.nanoTime() - start) / 1e9, memory(server));
                    memoryOk = i < registrations || (rss <= RSS_TARGET_MIB && server.heapMiB()[2] < 4096);
                }
            }
            out.printf(Locale.ROOT, "  memory target (bounded heap, RSS <= %.0f MiB after %,d registrations): %s%n",
                    RSS_TARGET_MIB, registrations, memoryOk ? "met" : "MISSED");
            out.println("  the registrations' requests over HTTP (after the first " + Math.min(100, registrations / 5)
                    + "; the basic-information POST includes the Argon2id hash):");
            registrationSteps.print(out, "the same (nothing subtracted over HTTP); the GC and cpu columns are this client's,"
                    + " not the server's");

            Latencies pageLatency = new Latencies();
            boolean latencyOk = pageLatency(server, timer, pages, pageLatency, gets, posts);
            out.printf(Locale.ROOT, "  one session, keep-alive, %,d GETs and %,d POSTs after a warm-up:%n", gets, posts);
            pageLatency.print(out, "the same; the GC and cpu columns are this client's, not the server's");
            out.println("  machine noise (this process): " + MachineNoise.measure(2000));
            out.println("  page latency target (p99 < " + Latencies.TARGET_P99_MS + " ms): "
                    + (latencyOk ? "met" : "MISSED"));
            return memoryOk && latencyOk;
        }
    }

    private static String memory(ChildServer server) throws IOException, InterruptedException {
        double[] heap = server.heapMiB();
        return String.format(Locale.ROOT, "VmRSS %.0f MiB, heap used %.0f MiB of %.0f MiB committed, max heap %.0f MiB",
                server.rssMiB(), heap[1], heap[0], heap[2]);
    }

    /** One buyer: subscribe on the simulated marketplace, POST its token, register through the pages. */
    private static void register(ChildServer server, StepTimer timer, RegistrationPages pages, int i) {
        HttpBuyer buyer = new HttpBuyer(server.base());
        Answer setup = buyer.post("/simulator/aws/subscribe", Map.of("awsAccountId", "")).expect(200, "subscribe");
        Matcher token = TOKEN.matcher(setup.body());
        if (!token.find()) {
            throw new IllegalStateException("no registration token on the simulator's page");
        }
        Answer arrival = timer.time("POST /aws/fulfillment", () -> buyer.postFromAnotherSite("/aws/fulfillment",
                Map.of("x-amzn-marketplace-token", token.group(1)), "https://aws.amazon.com"))
                .expect(303, "the fulfillment URL");
        pages.startFrom(buyer, arrival);
        pages.register(buyer, "bench" + i + "x" + Long.toString(System.nanoTime() % 1_000_000, 36));
    }

    /**
     * A buyer's session on the registration pages: GETs of the start page, then POSTs of the company form
     * (which saves the draft and redirects); a fifth as many of each before, unrecorded, as the warm-up.
     */
    private static boolean pageLatency(ChildServer server, StepTimer timer, RegistrationPages pages, Latencies latencies,
                                       int gets, int posts) {
        HttpBuyer buyer = new HttpBuyer(server.base());
        Answer setup = buyer.post("/simulator/aws/subscribe", Map.of("awsAccountId", "")).expect(200, "subscribe");
        Matcher token = TOKEN.matcher(setup.body());
        token.find();
        Answer arrival = buyer.postFromAnotherSite("/aws/fulfillment", Map.of("x-amzn-marketplace-token",
                token.group(1)), "https://aws.amazon.com").expect(303, "the fulfillment URL");
        pages.startFrom(buyer, arrival);
        Answer page = pages.throughBasicInformation(buyer, "latency" + Long.toString(System.nanoTime() % 1_000_000, 36));
        Map<String, String> form = page.form(Map.of("companyName", "Acme", "contactName", "Li Lei", "country",
                "China", "address", "1 Example Road"));
        String getStep = "GET  /activate/start";
        String postStep = "POST /activate/register/company";
        for (int round = 0; round < 2; round++) {
            timer.recordInto(round == 0 ? null : latencies);
            int n = round == 0 ? gets / 5 : gets;
            for (int i = 0; i < n; i++) {
                timer.time(getStep, () -> buyer.get("/activate/start")).expect(200, getStep);
            }
            n = round == 0 ? posts / 5 : posts;
            for (int i = 0; i < n; i++) {
                timer.time(postStep, () -> buyer.post("/activate/register/company", form)).expect(303, postStep);
            }
        }
        timer.recordInto(null);
        return latencies.missing().isEmpty();
    }

    /** The code of the newest e-mail to {@code address} on the outbox page (newest first). */
    private static String codeFromOutbox(ChildServer server, String address) {
        String html = new HttpBuyer(server.base()).get("/outbox").expect(200, "the outbox").body();
        int to = html.indexOf(">" + address + "</strong>");
        int body = to < 0 ? -1 : html.indexOf("<pre class=\"body\">", to);
        Matcher code = Pattern.compile("\\b(\\d{6})\\b").matcher(body < 0 ? "" : html.substring(body));
        if (!code.find()) {
            throw new IllegalStateException("no code for " + address + " on the outbox page");
        }
        return code.group(1);
    }
}
