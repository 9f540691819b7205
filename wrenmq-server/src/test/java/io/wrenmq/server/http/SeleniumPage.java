package io.wrenmq.server.http;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * The dashboard in a browser driven through Selenium (WebDriver classic): Chromium or WebKitGTK. WebDriver classic
 * has no standard console log (only Chromium's driver offers one), so after loading a page this installs listeners
 * that collect uncaught errors, rejected promises, console.error calls and Content-Security-Policy refusals; the
 * page is a single page application, so they stay for the whole run (a failure while the page's own scripts load
 * shows as a login page that never appears).
 */
final class SeleniumPage implements DashboardPage {
    private static final String COLLECT_ERRORS = "if (window.wrenErrors) { return; } const errors = window.wrenErrors = [];"
            + " window.addEventListener('error', e => errors.push('error: ' + e.message));"
            + " window.addEventListener('unhandledrejection', e => errors.push('unhandled rejection: ' + e.reason));"
            + " document.addEventListener('securitypolicyviolation', e => errors.push('Content Security Policy refused '"
            + " + e.violatedDirective + ': ' + e.blockedURI));"
            + " const log = console.error; console.error = (...a) => { errors.push('console.error: ' + a.join(' '));"
            + " log.apply(console, a); };";

    private final String engine;
    private final WebDriver driver;
    private final boolean browserLog;
    private final Runnable close;

    /**
     * @param browserLog whether the driver has Chromium's console log (goog:loggingPrefs)
     * @param close quits the driver and stops what runs the browser
     */
    SeleniumPage(String engine, WebDriver driver, boolean browserLog, Runnable close) {
        this.engine = engine;
        this.driver = driver;
        this.browserLog = browserLog;
        this.close = close;
    }

    @Override
    public String engine() {
        return engine;
    }

    @Override
    public void open(URI uri) {
        driver.get(uri.toString());
        script(COLLECT_ERRORS);
    }

    @Override
    public Object script(String body, Object... args) {
        Object result = ((JavascriptExecutor) driver).executeScript(body, args);
        return result instanceof Integer i ? (Object) i.longValue() : result;
    }

    @Override
    public void type(String css, String text) {
        WebElement input = driver.findElement(By.cssSelector(css));
        input.clear();
        input.sendKeys(text);
    }

    @Override
    public void click(String css) {
        driver.findElement(By.cssSelector(css)).click();
    }

    /** Sizes the window so that the viewport (innerWidth x innerHeight) is as asked: the window has borders. */
    @Override
    public void viewport(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
        long innerWidth = (Long) script("return window.innerWidth");
        long innerHeight = (Long) script("return window.innerHeight");
        if (innerWidth != width || innerHeight != height) {
            driver.manage().window().setSize(new Dimension(2 * width - (int) innerWidth, 2 * height - (int) innerHeight));
        }
    }

    @Override
    public byte[] screenshot() {
        return ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
    }

    @Override
    public List<String> scriptErrors() {
        List<String> errors = new ArrayList<>();
        Object collected = script("return window.wrenErrors ? window.wrenErrors.join('\\n') : ''");
        if (collected != null && !collected.toString().isEmpty()) {
            errors.addAll(List.of(collected.toString().split("\n")));
        }
        if (browserLog) {
            driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage)
                    .filter(DashboardBrowser::isScriptError).forEach(errors::add);
        }
        return errors;
    }

    @Override
    public void close() {
        close.run();
    }
}
