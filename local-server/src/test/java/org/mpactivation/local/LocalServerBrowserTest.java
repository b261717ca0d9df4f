package org.mpactivation.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The local run as a buyer and an operator see it, in headless Chromium: subscribe on the simulated
 * AWS Marketplace, activate (reading the code from the outbox), fire an unsubscribe, and find the
 * status and the audit entries in the operator view.
 */
class LocalServerBrowserTest {

    private static final String PASSWORD = "operator-password-1";
    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    static Path data;
    @TempDir
    static Path profile;
    private static LocalServer server;
    private static ChromeDriverService service;
    private static WebDriver browser;
    private static String base;

    @BeforeAll
    static void start() throws IOException {
        assertTrue(new File("/usr/bin/chromium").canExecute() && new File("/usr/bin/chromedriver").canExecute(),
                "Chromium and ChromeDriver are needed: the build installs them (Debian packages chromium and "
                        + "chromium-driver) before the tests");
        server = LocalServer.start(LocalConfig.fromEnvironment(environment()), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8));
        base = "http://127.0.0.1:" + server.port();
        service = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
                "--window-size=1280,1000");
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (service != null) {
            service.stop();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void givenABuyer_whenSubscribingActivatingUnsubscribingAndSubscribingAgain_thenTheReleasedWorkspaceIsBoundAgain() throws Exception {
        browser.get(base + "/");
        List<String> links = browser.findElements(By.cssSelector("main a")).stream()
                .map(a -> a.getAttribute("href")).toList();
        assertTrue(links.containsAll(List.of(base + "/simulator/aws", base + "/simulator/azure", base + "/outbox",
                base + "/operator")), links.toString());

        browser.findElement(By.linkText("Simulated AWS Marketplace")).click();
        browser.findElement(By.xpath("//button[normalize-space()='Continue to Subscribe']")).click();
        waitForUrl("/simulator/aws/subscribe");
        screenshot("1-subscribed");
        browser.findElement(By.xpath("//button[normalize-space()='Set up your account']")).click();
        waitForUrl("/activate/start");
        assertEquals(base + "/activate/start", browser.getCurrentUrl(), "the form post led to the activation pages");

        browser.findElement(By.cssSelector("a.button[href='/activate/register']")).click();
        waitForUrl("/activate/register");
        String email = "ada@example.com";
        type("username", "ada_lovelace");
        type("email", email);
        browser.findElement(By.cssSelector("button[value='send-code']")).click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("p.notice"), "A verification code was sent to a***@example.com"));
        type("password", "analytical engine 1843");
        type("passwordConfirmation", "analytical engine 1843");
        type("code", codeFromOutbox(email));
        browser.findElement(By.cssSelector(".actions button[value='next']")).click();
        waitForUrl("/activate/register/company");
        type("companyName", "Analytical Engines Ltd");
        type("contactName", "Ada Lovelace");
        type("country", "United Kingdom");
        browser.findElement(By.xpath("//button[normalize-space()='Register']")).click();
        waitForUrl("/activate/register/workspace");
        type("workspaceName", "Difference");
        browser.findElement(By.cssSelector("input[name='language'][value='en']")).click();
        browser.findElement(By.xpath("//button[normalize-space()='Activate']")).click();
        waitForUrl("/activate/done");
        screenshot("2-activated");
        assertTrue(browser.getPageSource().contains("Activation succeeded"), browser.getPageSource());

        browser.get(base + "/simulator/aws");
        browser.findElement(By.cssSelector("button[name='event'][value='unsubscribe-success']")).click();
        waitForUrl("done=");
        screenshot("3-unsubscribed");

        browser.get(base + "/operator");
        type("password", PASSWORD);
        browser.findElement(By.xpath("//button[normalize-space()='Sign in']")).click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlToBe(base + "/operator"));
        WebElement status = browser.findElement(By.cssSelector("td.status"));
        assertEquals("UNSUBSCRIBED", status.getText().strip());
        browser.findElement(By.cssSelector("a[href^='/operator/subscriptions/']")).click();
        waitForUrl("/operator/subscriptions/");
        screenshot("4-operator");
        List<String> audit = browser.findElements(By.cssSelector("tr.audit-entry")).stream()
                .map(WebElement::getText).toList();
        assertEquals(2, audit.size(), audit.toString());
        assertTrue(audit.get(0).contains("PENDING_ACTIVATION") && audit.get(0).contains("ACTIVE"), audit.toString());
        assertTrue(audit.get(1).contains("UNSUBSCRIBED") && audit.get(1).contains("notice:sns:"), audit.toString());
        String endedSubscription = browser.getCurrentUrl();

        // the final report goes out with the next metering run; then the workspace is released
        browser.get(base + "/operator/jobs");
        browser.findElement(By.xpath("//button[normalize-space()='Run metering now']")).click();
        waitForUrl("ran=metering");
        browser.get(endedSubscription);
        List<String> withRelease = browser.findElements(By.cssSelector("tr.audit-entry")).stream()
                .map(WebElement::getText).toList();
        assertEquals(3, withRelease.size(), withRelease.toString());
        assertTrue(withRelease.get(2).contains("released"), withRelease.toString());

        // the same AWS account buys again and binds the released workspace
        browser.get(base + "/simulator/aws");
        browser.findElement(By.xpath("//button[normalize-space()='Subscribe again']")).click();
        waitForUrl("/subscribe-again");
        assertTrue(browser.getPageSource().contains("Thank you for subscribing"), browser.getPageSource());
        browser.findElement(By.xpath("//button[normalize-space()='Set up your account']")).click();
        waitForUrl("/activate/workspaces");
        screenshot("5-returning");
        WebElement row = browser.findElement(By.xpath("//tr[*[normalize-space()='Difference']]"));
        row.findElement(By.linkText("Bind")).click();
        waitForUrl("/bind");
        assertTrue(browser.getPageSource().contains("Bind this workspace?"), browser.getPageSource());
        browser.findElement(By.xpath("//button[normalize-space()='Bind']")).click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlToBe(base + "/activate/workspaces"));
        assertEquals("Bound", browser.findElement(By.xpath("//tr[*[normalize-space()='Difference']]//strong"))
                .getText().strip());
        browser.findElement(By.xpath("//form[@action='/activate/complete']//button")).click();
        waitForUrl("/activate/done");
        screenshot("6-rebound");
        assertTrue(browser.getPageSource().contains("Activation succeeded"), browser.getPageSource());
        browser.get(base + "/operator");
        List<String> statuses = browser.findElements(By.cssSelector("td.status")).stream()
                .map(cell -> cell.getText().strip()).sorted().toList();
        assertEquals(List.of("ACTIVE", "UNSUBSCRIBED"), statuses);

        // a restart keeps every account, workspace and subscription
        server.close();
        server = LocalServer.start(LocalConfig.fromEnvironment(environment()), new PrintStream(
                new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        base = "http://127.0.0.1:" + server.port();
        browser.get(base + "/operator/accounts");
        if (browser.getCurrentUrl().endsWith("/operator/login")) {
            type("password", PASSWORD);
            browser.findElement(By.xpath("//button[normalize-space()='Sign in']")).click();
            new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlToBe(base + "/operator"));
            browser.get(base + "/operator/accounts");
        }
        String accounts = browser.findElement(By.tagName("main")).getText();
        assertTrue(accounts.contains("ada_lovelace") && accounts.contains("Difference"), accounts);
        browser.get(base + "/operator");
        assertEquals(statuses, browser.findElements(By.cssSelector("td.status")).stream()
                .map(cell -> cell.getText().strip()).sorted().toList());
    }

    private static Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("PORT", "0");
        env.put("DATA_DIR", data.toString());
        env.put("ADMIN_PASSWORD", PASSWORD);
        return env;
    }

    private static void waitForUrl(String part) {
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlContains(part));
    }

    private static void type(String id, String text) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    /** The code of the last e-mail to this address, as the outbox page shows it. */
    private static String codeFromOutbox(String email) throws IOException, InterruptedException {
        String outbox = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/outbox")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        int at = outbox.indexOf(email);
        Matcher code = CODE.matcher(outbox.substring(Math.max(0, at)));
        assertTrue(at >= 0 && code.find(), "no code for " + email + " in the outbox");
        return code.group(1);
    }

    private static void screenshot(String name) throws IOException {
        Path target = Path.of("target", "screenshots");
        Files.createDirectories(target);
        Files.write(target.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
