package io.wrenmq.server.http;

import java.net.URI;
import java.util.List;

/**
 * One browser engine showing the dashboard, as {@link DashboardSmoke} drives it: the same scenario runs in Chromium
 * and WebKit (WebDriver classic through Selenium, {@link SeleniumPage}) and in Firefox (WebDriver BiDi,
 * {@link BidiPage}). Elements are named by CSS selector; scripts are function bodies ({@code return ...;}).
 */
interface DashboardPage extends AutoCloseable {
    /** Its name in test output and screenshot names: chromium, firefox, webkit. */
    String engine();

    /** Loads {@code uri} and waits until the page has loaded. */
    void open(URI uri);

    /**
     * Runs {@code body} in the page (synchronously) as a function whose {@code arguments} are {@code args} (strings,
     * numbers, booleans) and returns its result: a String, Long, Double, Boolean or null.
     */
    Object script(String body, Object... args);

    /** Replaces the text of the input or textarea by typing {@code text} into it (key by key). */
    void type(String css, String text);

    /** Clicks the element with the mouse (so an element covered by another, or off the page, fails). */
    void click(String css);

    /** Resizes the page's viewport (CSS pixels). */
    void viewport(int width, int height);

    /** A PNG of the viewport. */
    byte[] screenshot();

    /** The script errors, console errors and Content-Security-Policy refusals since the page was opened. */
    List<String> scriptErrors();

    @Override
    void close();
}
