package org.mpactivation.local.browser;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * One headless Chromium with its own profile (cookies, storage) and preferred language, as a separate
 * browser on the buyer's machine would be. Sizes the page with the DevTools protocol, so the viewport is
 * exactly the width asked for, and takes full-page screenshots.
 */
public final class Chromium implements AutoCloseable {

    static final String BINARY = "/usr/bin/chromium";
    static final String DRIVER = "/usr/bin/chromedriver";

    private final Path profile;
    private final ChromeDriverService service;
    private final ChromeDriver driver;

    private Chromium(String language) throws IOException {
        assertTrue(new File(BINARY).canExecute() && new File(DRIVER).canExecute(),
                "Chromium and ChromeDriver are needed: the build installs them (Debian packages chromium and "
                        + "chromium-driver) before the tests");
        profile = Files.createTempDirectory("buyer-profile-");
        service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER)).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--lang=" + acceptLanguage(language),
                // nothing leaves the machine: only the loopback names resolve
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1, EXCLUDE localhost",
                "--window-size=1440,900", "--hide-scrollbars");
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", acceptLanguage(language)));
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
    }

    /** A new browser profile whose Accept-Language puts {@code language} first. */
    public static Chromium start(String language) {
        try {
            return new Chromium(language);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String acceptLanguage(String language) {
        return "zh".equals(language) ? "zh-CN,zh" : language;
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** The viewport as a device of this size has it (CSS pixels, scale 1). */
    public void viewport(int width, int height) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                "deviceScaleFactor", 1, "mobile", false));
    }

    /** The whole page, not only what the viewport shows, as PNG. */
    @SuppressWarnings("unchecked")
    public byte[] fullPageScreenshot(int width) {
        Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        Map<String, Object> content = (Map<String, Object>) metrics.get("cssContentSize");
        double height = Math.min(8000, ((Number) content.get("height")).doubleValue());
        double contentWidth = ((Number) content.get("width")).doubleValue();
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0, "width", Math.max(width, contentWidth),
                        "height", height, "scale", 1)));
        return Base64.getDecoder().decode((String) shot.get("data"));
    }

    /** Forgets every cookie of the profile: the next walk starts as a new visitor. */
    public void clearCookies() {
        driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            } catch (IOException ignored) {
                // a temporary directory: the system cleans it
            }
        }
    }
}
