package org.mpactivation.local.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What happens on every page a buyer reaches: a full-page screenshot at each size into
 * {@code target/screenshots/<test>/<lang>-<width>-<nn>-<page>.png} and, where asked, the audits of the
 * product's own pages: whether the page scrolls sideways on a phone, and axe-core's violations.
 */
public final class PageCapture {

    public record Size(int width, int height) {
    }

    public static final Size PHONE = new Size(375, 812);
    public static final Size DESKTOP = new Size(1440, 900);
    public static final List<Size> SIZES = List.of(PHONE, DESKTOP);

    /** A page wider than the phone's screen: how wide, and the elements reaching past the edge. */
    public record Overflow(String page, long scrollWidth, long innerWidth, List<String> elements) {
        @Override
        public String toString() {
            return page + ": " + scrollWidth + " px wide in a " + innerWidth + " px window; past the edge: " + elements;
        }
    }

    private static final String MEASURE = """
            const width = window.innerWidth;
            const wide = [];
            for (const element of document.body.querySelectorAll('*')) {
              const box = element.getBoundingClientRect();
              if (box.width > 0 && box.right > width + 0.5) {
                const parentBox = element.parentElement.getBoundingClientRect();
                if (parentBox.right <= width + 0.5 || element.parentElement === document.body) {
                  wide.push(element.tagName.toLowerCase() + (element.id ? '#' + element.id : '')
                    + (element.className && typeof element.className === 'string'
                        ? '.' + element.className.trim().split(/\\s+/).join('.') : '')
                    + ' (right edge ' + Math.round(box.right) + ')');
                }
              }
            }
            return [document.documentElement.scrollWidth, width, wide.slice(0, 8).join('; ')];
            """;

    private final Path directory;
    private final boolean screenshots;
    private final boolean audits;
    private final List<Overflow> overflows = new ArrayList<>();
    private final List<Axe.Violation> violations = new ArrayList<>();
    private final List<String> audited = new ArrayList<>();
    private int number;

    private PageCapture(Path directory, boolean screenshots, boolean audits) {
        this.directory = directory;
        this.screenshots = screenshots;
        this.audits = audits;
    }

    /** Screenshots of each page into {@code target/screenshots/<test>}. */
    public static PageCapture screenshots(String test) {
        return new PageCapture(Path.of("target", "screenshots", test), true, false);
    }

    /** Screenshots and the audits of every product page. */
    public static PageCapture audited(String test) {
        return new PageCapture(Path.of("target", "screenshots", test), true, true);
    }

    /** Nothing recorded: for the steps that only prepare a test. */
    public static PageCapture none() {
        return new PageCapture(null, false, false);
    }

    /** Called by the driver each time a new page has loaded; leaves the viewport at the walking size. */
    void visited(Chromium browser, String language, String page, boolean productPage) {
        if (!screenshots && !audits) {
            return;
        }
        number++;
        try {
            for (Size size : SIZES) {
                browser.viewport(size.width(), size.height());
                if (audits && productPage && size == PHONE) {
                    List<?> measured = (List<?>) browser.driver().executeScript(MEASURE);
                    long scrollWidth = ((Number) measured.get(0)).longValue();
                    long innerWidth = ((Number) measured.get(1)).longValue();
                    if (scrollWidth > innerWidth) {
                        overflows.add(new Overflow(page, scrollWidth, innerWidth,
                                List.of(String.valueOf(measured.get(2)).split("; "))));
                    }
                }
                if (screenshots) {
                    Files.createDirectories(directory);
                    Files.write(directory.resolve(String.format(Locale.ROOT, "%s-%d-%02d-%s.png", language,
                            size.width(), number, page)), browser.fullPageScreenshot(size.width()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            browser.viewport(DESKTOP.width(), DESKTOP.height());
        }
        if (audits && productPage) {
            audited.add(page);
            violations.addAll(Axe.run(browser.driver(), page));
        }
    }

    public List<Overflow> overflows() {
        return List.copyOf(overflows);
    }

    public List<Axe.Violation> violations() {
        return List.copyOf(violations);
    }

    /** The violations of a serious or critical impact. */
    public List<Axe.Violation> blockingViolations() {
        return violations.stream().filter(v -> Axe.BLOCKING.contains(v.impact())).toList();
    }

    public List<String> auditedPages() {
        return List.copyOf(audited);
    }
}
