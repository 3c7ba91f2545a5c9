package dev.coffer.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.chromium.HasNetworkConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium, driven through Debian's chromedriver (no driver or browser is ever
 * downloaded). Screenshots go to {@code target/screenshots/NAME/}, numbered in the order taken,
 * so the pages a test saw can be looked at after the build; downloads land in a folder of the test.
 */
public final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    public final WebDriver driver;
    public final Path downloads;
    private final Path shots;
    private int shot;

    public Browser(String name, Path work, int width, int height) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER))
            throw new IllegalStateException(
                    "the web UI tests need Debian's chromium and chromium-driver: ./scripts/test installs them as root,"
                            + " or run: sudo apt-get install -y chromium chromium-driver");
        try {
            downloads = Files.createDirectories(work.resolve("downloads"));
            shots = Files.createDirectories(Path.of("target", "screenshots", name));
            Path profile = Files.createDirectories(work.resolve("profile"));
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments(
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--user-data-dir=" + profile,
                    "--window-size=" + width + "," + height);
            options.setExperimentalOption(
                    "prefs",
                    Map.of("download.default_directory", downloads.toString(), "download.prompt_for_download", false));
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(DRIVER.toFile())
                    .usingAnyFreePort()
                    .build();
            driver = new ChromeDriver(service, options);
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Browser(String name, Path work) {
        this(name, work, 1280, 860);
    }

    public void open(String url) {
        driver.get(url);
    }

    /** Runs {@code script} in the page (as a function body: {@code return …} gives a value). */
    public Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /**
     * Limits how fast the page sends (and receives), as a slow link would: long enough for a test
     * to act in the middle of an upload on loopback.
     */
    public void throttle(long bytesPerSecond) {
        ChromiumNetworkConditions slow = new ChromiumNetworkConditions();
        slow.setUploadThroughput((int) bytesPerSecond);
        slow.setDownloadThroughput((int) bytesPerSecond);
        slow.setLatency(Duration.ZERO);
        ((HasNetworkConditions) driver).setNetworkConditions(slow);
    }

    public void unthrottle() {
        ((HasNetworkConditions) driver).deleteNetworkConditions();
    }

    /** Signs in through Coffer's sign-in page at {@code baseUrl}, as a person would, and waits to land. */
    public void signIn(String baseUrl, String name, String password) {
        open(baseUrl + "/login");
        find("#login-name").sendKeys(name);
        find("#login-password").sendKeys(password);
        find("#login-form button[type=submit]").click();
        until(10, d -> !d.getCurrentUrl().contains("/login"));
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Waits up to {@code seconds} for {@code condition} to give a value other than null or false. */
    public <T> T until(int seconds, Function<WebDriver, T> condition) {
        // A part of the page that htmx swapped while we looked is looked up again on the next try.
        return new WebDriverWait(driver, Duration.ofSeconds(seconds))
                .ignoring(StaleElementReferenceException.class)
                .until(condition);
    }

    /** Saves what the window shows as {@code target/screenshots/NAME/NN-label.png}. */
    public Path screenshot(String label) {
        try {
            byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
            Path file = shots.resolve(String.format("%02d-%s.png", ++shot, label));
            Files.write(file, png);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for a finished download named {@code name} (Chromium writes a .crdownload until it is whole). */
    public Path download(String name, int seconds) {
        Path file = downloads.resolve(name);
        until(seconds, d -> Files.exists(file) && !Files.exists(downloads.resolve(name + ".crdownload")));
        return file;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
