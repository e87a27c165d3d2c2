package dev.upshot.gateway.rest;

import com.cloudinary.Cloudinary;
import com.cloudinary.utils.ObjectUtils;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.ModerationCompleted;
import dev.upshot.contracts.NotificationRequested;
import dev.upshot.contracts.Topics;
import dev.upshot.kit.s3.ObjectStore;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The review page as a person uses it, in Debian's headless Chromium driven by Selenium through Debian's
 * chromedriver (nothing downloaded, no headers injected): the sign-in form, the queue with derived thumbnails and
 * scores, decisions by keyboard and by click, undo, a selection, live arrivals, sign-out. The decisions are checked
 * through the Admin API and the moderation notifications the gateway asks for. Without chromium and
 * chromium-driver the test fails (.ci/run installs them). The derivation worker is stood in for.
 */
@QuarkusTest
@TestProfile(DerivationStandIn.Profile.class)
class ReviewPageTest {
    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    private static final Duration SETTLED = Duration.ofSeconds(20);
    /** Moderation notifications go to the upload's notification_url (nothing listens there: the request is checked). */
    private static final String HOOK = "http://127.0.0.1:9/review-hook";

    @TestHTTPResource("/")
    URL base;

    @Inject
    ObjectStore store;

    private ChromeDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void startBrowser() throws Exception {
        assertTrue(CHROMIUM.canExecute() && CHROMEDRIVER.canExecute(),
                "the browser test needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)");
        DerivationStandIn.start(store);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,860");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, SETTLED);
        wait.ignoring(StaleElementReferenceException.class)
                .withMessage(() -> "page shows " + ids() + "; notice: " + text("notice"));
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aReviewerSignsInWorksTheQueueAndSignsOut() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        String run = "zz/review" + UUID.randomUUID().toString().substring(0, 6) + "/";
        upload(cloudinary, run + "0", 0, "manual", ObjectUtils.asMap("tags", "beach,summer",
                "context", "caption=Sunset over the bay|author=ana"));
        upload(cloudinary, run + "1", 1, "manual", ObjectUtils.asMap("tags", "mountains"));
        upload(cloudinary, run + "2", 2, "manual", ObjectUtils.emptyMap());
        Map<?, ?> scored = upload(cloudinary, run + "3", 3, "upshot_nsfw|manual", ObjectUtils.asMap("tags", "forest"));
        // the moderation worker's verdict, as it would publish it: the image model's scores, then the manual queue
        ObjectNode scores = (ObjectNode) EventCodec.mapper().readTree(
                "{\"porn\":0.004,\"sexy\":0.021,\"hentai\":0.002,\"neutral\":0.913,\"drawing\":0.06}");
        TestEvents.publish(Topics.MODERATION_COMPLETED, (String) scored.get("asset_id"),
                ((Number) scored.get("version")).longValue(), SdkClients.config("cloud-name"),
                new ModerationCompleted("upshot_nsfw", 0, "approved", scores, Instant.now()));
        // a duplicate the worker rejected, matching an approved asset
        Map<?, ?> original = duplicatePair(cloudinary, run);
        await().atMost(SETTLED).until(() -> "manual".equals(
                cloudinary.api().resource(run + "3", ObjectUtils.emptyMap()).get("moderation_kind")));
        drainOthers(cloudinary, run);

        // signed out, the page is the sign-in form; a wrong password is told so
        browser.get(page(""));
        signIn("wrong-password");
        wait.until(b -> text("sign-in-error").equals("Invalid API key or password"));
        signIn("test-reviewer-password");
        wait.until(b -> !browser.findElements(By.id("queue")).isEmpty());

        // the manual queue: thumbnails and previews are derived versions, scores, tags and context are shown
        choose("kind", "manual");
        wait.until(b -> ids().equals(List.of(run + "0", run + "1", run + "2", run + "3")));
        wait.until(b -> (Boolean) browser.executeScript("return [...document.querySelectorAll('.item img.thumb')]"
                + ".every(i => i.complete && i.naturalWidth > 0 && i.src.includes('/c_limit,h_240,w_240/'))"));
        wait.until(b -> (Boolean) browser.executeScript("const p = document.getElementById('preview-image');"
                + " return p.complete && p.naturalWidth > 0 && p.src.includes('/c_limit,h_1200,w_1200/')"));
        assertTrue(itemText(run + "3").contains("upshot_nsfw — porn 0.004 · sexy 0.021"), itemText(run + "3"));
        assertTrue(itemText(run + "0").contains("beach") && itemText(run + "0").contains("caption=Sunset over the bay"),
                itemText(run + "0"));
        assertTrue(text("waiting").matches("\\d+ waiting"), text("waiting"));
        Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, Path.of("target", "review-queue.png"), StandardCopyOption.REPLACE_EXISTING);

        // keyboard: j moves, a approves; u undoes within the window and nothing is sent; a again, it is sent
        clickIn(run + "0", ".id");
        keys("j");
        assertEquals(run + "1", focused());
        keys("a");
        wait.until(b -> !ids().contains(run + "1") && browser.findElement(By.id("toast")).isDisplayed());
        keys("u");
        wait.until(b -> ids().contains(run + "1"));
        assertEquals(run + "1", focused());
        keys("a");
        wait.until(b -> !ids().contains(run + "1"));
        // k moves up, r rejects
        assertEquals(run + "2", focused());
        keys("k");
        assertEquals(run + "0", focused());
        keys("r");
        wait.until(b -> !ids().contains(run + "0"));
        // a click on an item's Approve button
        clickIn(run + "2", ".approve");
        wait.until(b -> !ids().contains(run + "2"));
        assertStatus(cloudinary, run + "1", "approved");
        assertStatus(cloudinary, run + "0", "rejected");
        assertStatus(cloudinary, run + "2", "approved");

        // new uploads arrive while the page is open, marked new; a selection is rejected at once
        upload(cloudinary, run + "4", 4, "manual", ObjectUtils.emptyMap());
        upload(cloudinary, run + "5", 5, "manual", ObjectUtils.emptyMap());
        wait.until(b -> ids().containsAll(List.of(run + "4", run + "5")));
        assertTrue(hasClass(run + "4", "fresh") && hasClass(run + "5", "fresh"));
        clickIn(run + "4", ".check");
        clickIn(run + "5", ".check");
        wait.until(b -> text("selection").equals("2 selected"));
        browser.findElement(By.id("reject-selected")).click();
        wait.until(b -> ids().equals(List.of(run + "3")));
        assertStatus(cloudinary, run + "4", "rejected");
        assertStatus(cloudinary, run + "5", "rejected");

        // the duplicate check's rejections, with a link to the matched asset
        choose("status", "rejected");
        choose("kind", "duplicate:0.9");
        wait.until(b -> ids().equals(List.of(run + "copy")));
        String link = (String) browser.executeScript("const e = [...document.querySelectorAll('.item')]"
                + ".find(e => e.dataset.publicId === arguments[0]); return e.querySelector('a.match').href", run + "copy");
        assertEquals(original.get("secure_url"), link);

        // each decision notified once (the undone approval sent nothing)
        for (Map.Entry<String, String> decided : Map.of(run + "0", "rejected", run + "1", "approved", run + "2",
                "approved", run + "4", "rejected", run + "5", "rejected").entrySet()) {
            List<NotificationRequested> notices = ModerationApiTest.moderationNotices(decided.getKey(), 1);
            assertEquals(List.of("manual:" + decided.getValue()), notices.stream().map(n ->
                    n.body().get("moderation_kind").asText() + ":" + n.body().get("moderation_status").asText()).toList(),
                    decided.getKey());
            // besides the moderation triggers other tests may have left
            assertTrue(notices.get(0).targets().contains(HOOK), notices.get(0).targets().toString());
        }

        // signing out: the sign-in form again, and neither the page nor its API answer this browser any more
        browser.findElement(By.id("sign-out")).click();
        wait.until(b -> !browser.findElements(By.id("sign-in")).isEmpty());
        assertEquals(401L, fetchStatus(page("")));
        assertEquals(401L, fetchStatus(page("/api/queue?kind=manual")));
    }

    /** An approved original and a copy the duplicate check rejected, naming it. */
    private static Map<?, ?> duplicatePair(Cloudinary cloudinary, String run) throws Exception {
        Map<?, ?> original = upload(cloudinary, run + "original", 5, "manual", ObjectUtils.emptyMap());
        cloudinary.api().update(run + "original", ObjectUtils.asMap("moderation_status", "approved"));
        Map<?, ?> copy = upload(cloudinary, run + "copy", 5, "duplicate:0.9|manual", ObjectUtils.emptyMap());
        ObjectNode response = EventCodec.mapper().createObjectNode().put("threshold", 0.9);
        response.putArray("duplicates").addObject().put("asset_id", (String) original.get("asset_id"))
                .put("public_id", run + "original").put("similarity", 1.0).put("exact", true);
        TestEvents.publish(Topics.MODERATION_COMPLETED, (String) copy.get("asset_id"),
                ((Number) copy.get("version")).longValue(), SdkClients.config("cloud-name"),
                new ModerationCompleted("duplicate:0.9", 0, "rejected", response, Instant.now()));
        await().atMost(SETTLED).until(() -> "rejected".equals(
                cloudinary.api().resource(run + "copy", ObjectUtils.emptyMap()).get("moderation_status")));
        return original;
    }

    private static Map<?, ?> upload(Cloudinary cloudinary, String publicId, int scene, String moderation,
                                    Map<String, Object> more) throws Exception {
        Map<String, Object> options = ObjectUtils.asMap("public_id", publicId, "moderation", moderation,
                "notification_url", HOOK);
        options.putAll(more);
        return cloudinary.uploader().upload(scene(scene), options);
    }

    /** Older pending assets of other tests are decided, so the manual queue is this test's. */
    private static void drainOthers(Cloudinary cloudinary, String run) throws Exception {
        Map<?, ?> page = cloudinary.api().resourcesByModeration("manual", "pending", ObjectUtils.asMap("max_results", 500));
        for (Object r : (List<?>) page.get("resources")) {
            String id = (String) ((Map<?, ?>) r).get("public_id");
            if (!id.startsWith(run)) {
                cloudinary.api().update(id, ObjectUtils.asMap("moderation_status", "approved"));
            }
        }
    }

    private void signIn(String password) {
        WebElement key = browser.findElement(By.id("api-key"));
        key.clear();
        key.sendKeys(SdkClients.config("api-key"));
        WebElement secret = browser.findElement(By.id("password"));
        secret.clear();
        secret.sendKeys(password);
        browser.findElement(By.id("sign-in-button")).click();
    }

    private static void assertStatus(Cloudinary cloudinary, String publicId, String status) {
        // a decision is sent once its undo window (5 s) has passed
        await().atMost(Duration.ofSeconds(30)).until(() -> status.equals(
                cloudinary.api().resource(publicId, ObjectUtils.emptyMap()).get("moderation_status")));
    }

    private String page(String rest) {
        return base.toString().replaceAll("/+$", "") + "/v1_1/" + SdkClients.config("cloud-name")
                + "/moderation/review" + rest;
    }

    /** Read in one script run: the page re-renders on every poll, so element handles go stale. */
    private List<String> ids() {
        return ((List<?>) browser.executeScript("return [...document.querySelectorAll('.item')]"
                + ".map(e => e.dataset.publicId)")).stream().map(String::valueOf).toList();
    }

    private String focused() {
        return (String) browser.executeScript("const s = document.querySelector('.item.focused');"
                + " return s ? s.dataset.publicId : null");
    }

    private String itemText(String publicId) {
        return (String) browser.executeScript("const e = [...document.querySelectorAll('.item')]"
                + ".find(e => e.dataset.publicId === arguments[0]); return e ? e.innerText : ''", publicId);
    }

    private boolean hasClass(String publicId, String cls) {
        return (Boolean) browser.executeScript("const e = [...document.querySelectorAll('.item')]"
                + ".find(e => e.dataset.publicId === arguments[0]); return !!e && e.classList.contains(arguments[1])",
                publicId, cls);
    }

    /** A real click (not a script's), retried when a poll re-rendered the element in between. */
    private void clickIn(String publicId, String selector) {
        wait.until(b -> {
            for (WebElement item : browser.findElements(By.cssSelector(".item"))) {
                if (publicId.equals(item.getAttribute("data-public-id"))) {
                    item.findElement(By.cssSelector(selector)).click();
                    return true;
                }
            }
            return false;
        });
    }

    /** Picks a filter as a person does; retried when a poll re-rendered the options in between. */
    private void choose(String id, String value) {
        wait.until(b -> {
            new Select(browser.findElement(By.id(id))).selectByValue(value);
            return value.equals(browser.findElement(By.id(id)).getAttribute("value"));
        });
    }

    private String text(String id) {
        List<WebElement> found = browser.findElements(By.id(id));
        return found.isEmpty() ? "" : found.get(0).getText();
    }

    private long fetchStatus(String url) {
        return (Long) browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " fetch(arguments[0], { credentials: 'same-origin' }).then(r => done(r.status), () => done(-1))", url);
    }

    private void keys(String key) {
        new Actions(browser).sendKeys(key).perform();
    }

    /** A small landscape, different per {@code n}, so the screenshot shows pictures rather than flat squares. */
    static byte[] scene(int n) throws Exception {
        int w = 480;
        int h = 320;
        Color[][] palettes = {
                {new Color(0xFF7E5F), new Color(0xFEB47B), new Color(0x2C3E50)},
                {new Color(0x83A4D4), new Color(0xB6FBFF), new Color(0x4B6043)},
                {new Color(0x355C7D), new Color(0xC06C84), new Color(0x1F1C2C)},
                {new Color(0xA8E063), new Color(0x56AB2F), new Color(0x134E5E)},
                {new Color(0x0F2027), new Color(0x2C5364), new Color(0x000000)},
                {new Color(0xF7971E), new Color(0xFFD200), new Color(0x614385)}};
        Color[] p = palettes[n % palettes.length];
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, p[0], 0, h, p[1]));
        g.fillRect(0, 0, w, h);
        g.setColor(new Color(255, 250, 220, 220));
        g.fillOval(300 - n * 35, 50 + n * 10, 70, 70);
        g.setColor(p[2]);
        int[] xs = {0, 90 + n * 20, 200, 320 - n * 10, 480, 480, 0};
        int[] ys = {250, 130 + n * 8, 210, 110 + n * 12, 230, 320, 320};
        g.fillPolygon(xs, ys, xs.length);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpeg", out);
        return out.toByteArray();
    }
}
