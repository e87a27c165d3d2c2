package dev.upshot.gateway.rest;

import com.cloudinary.Cloudinary;
import com.cloudinary.utils.ObjectUtils;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The review page in a real browser: Debian's headless Chromium driven by Selenium through Debian's chromedriver
 * (nothing downloaded). Without them the test fails: install chromium and chromium-driver (.ci/run does).
 */
@QuarkusTest
class ReviewPageTest {
    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

    @TestHTTPResource("/")
    URL base;

    private ChromeDriver browser;

    @BeforeEach
    void startBrowser() {
        assertTrue(CHROMIUM.canExecute() && CHROMEDRIVER.canExecute(),
                "the browser test needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1200,900");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        // what the browser sends after the user answered its Basic prompt
        String credentials = SdkClients.config("api-key") + ":" + SdkClients.config("api-secret");
        browser.executeCdpCommand("Network.enable", Map.of());
        browser.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Authorization",
                "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))));
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void withoutCredentialsTheBrowserIsAskedForThem() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(page(""))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, response.statusCode());
            assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic realm="));
        }
    }

    @Test
    void reviewersDecideWithTheKeyboardPageThroughTheQueueAndSeeNewArrivals() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        String kind = "manual";
        String run = "review" + UUID.randomUUID().toString().substring(0, 6);
        // a queue of its own: older pending assets of other tests come first in public id order ("mod/…", "page…")
        for (int i = 0; i < 3; i++) {
            cloudinary.uploader().upload(UploadApiTest.image("png", 20 + i, 20), ObjectUtils.asMap(
                    "public_id", "zz/" + run + "/" + i, "moderation", kind));
        }
        // drain older pending assets so this queue starts with the three above
        drainOthers(cloudinary, run);

        browser.get(page("?max_results=2&poll=700"));
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.ignoring(StaleElementReferenceException.class)
                .withMessage(() -> "page shows " + ids() + ", status: " + browser.findElement(By.id("status")).getText());
        wait.until(b -> items().size() == 2);
        assertEquals(List.of("zz/" + run + "/0", "zz/" + run + "/1"), ids());
        assertTrue(((String) browser.executeScript("return document.querySelector('.item img').src"))
                .contains("zz/" + run + "/0"));

        // j moves the selection down, a approves the selected asset
        keys("j");
        assertEquals("zz/" + run + "/1", selected());
        keys("a");
        wait.until(b -> !ids().contains("zz/" + run + "/1"));
        assertEquals("approved", cloudinary.api().resource("zz/" + run + "/1", ObjectUtils.emptyMap())
                .get("moderation_status"));

        // k back up, r rejects
        wait.until(b -> ids().contains("zz/" + run + "/2"));
        keys("k");
        assertEquals("zz/" + run + "/0", selected());
        keys("r");
        wait.until(b -> !ids().contains("zz/" + run + "/0"));
        assertEquals("rejected", cloudinary.api().resource("zz/" + run + "/0", ObjectUtils.emptyMap())
                .get("moderation_status"));

        // a new upload shows up without reloading, marked as new; paging reaches it
        cloudinary.uploader().upload(UploadApiTest.image("png", 30, 30), ObjectUtils.asMap(
                "public_id", "zz/" + run + "/3", "moderation", kind));
        wait.until(b -> ids().contains("zz/" + run + "/3"));
        assertTrue(fresh("zz/" + run + "/3"));
        cloudinary.uploader().upload(UploadApiTest.image("png", 31, 30), ObjectUtils.asMap(
                "public_id", "zz/" + run + "/4", "moderation", kind));
        wait.until(b -> browser.findElement(By.id("next")).isEnabled());
        keys("n");
        wait.until(b -> ids().equals(List.of("zz/" + run + "/4")));
        browser.executeScript("document.querySelector('.item .approve').click()");
        wait.until(b -> items().isEmpty() || !ids().contains("zz/" + run + "/4"));
        assertEquals("approved", cloudinary.api().resource("zz/" + run + "/4", ObjectUtils.emptyMap())
                .get("moderation_status"));
    }

    private void drainOthers(Cloudinary cloudinary, String run) throws Exception {
        Map<?, ?> page = cloudinary.api().resourcesByModeration("manual", "pending", ObjectUtils.asMap("max_results", 500));
        for (Object r : (List<?>) page.get("resources")) {
            String id = (String) ((Map<?, ?>) r).get("public_id");
            if (!id.contains(run)) {
                cloudinary.api().update(id, ObjectUtils.asMap("moderation_status", "approved"));
            }
        }
    }

    private String page(String query) {
        return base.toString().replaceAll("/+$", "") + "/v1_1/" + SdkClients.config("cloud-name")
                + "/moderation/review" + query;
    }

    /** Read in one script run: the page re-renders on every poll, so element handles go stale. */
    private List<String> ids() {
        return ((List<?>) browser.executeScript("return [...document.querySelectorAll('.item')]"
                + ".map(e => e.dataset.publicId)")).stream().map(String::valueOf).toList();
    }

    private List<String> items() {
        return ids();
    }

    private String selected() {
        return (String) browser.executeScript("const s = document.querySelector('.item.selected');"
                + " return s ? s.dataset.publicId : null");
    }

    private boolean fresh(String publicId) {
        return (Boolean) browser.executeScript("const e = [...document.querySelectorAll('.item')]"
                + ".find(e => e.dataset.publicId === arguments[0]); return !!e && e.classList.contains('fresh')", publicId);
    }

    private void keys(String key) {
        new Actions(browser).sendKeys(key).perform();
    }
}
