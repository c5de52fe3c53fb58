package io.contactsbridge.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.contactsbridge.config.SecretMasker;
import io.contactsbridge.connector.CanonicalChange;
import io.contactsbridge.runtime.Bridge;
import io.contactsbridge.sandbox.highlevel.HighLevelSimulator;
import io.contactsbridge.sync.Inbox;
import io.contactsbridge.sync.SyncJson;
import io.contactsbridge.sync.SyncLinks;
import io.contactsbridge.testing.TestBridge;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operations console in a real browser (headless Chromium from the Debian packages
 * {@code chromium} and {@code chromium-driver}; .ci/run installs them): signs in to a sandbox
 * bridge, sees every connection green and the demo data in the activity log, makes the Toggl
 * simulator refuse its credentials and sees that connection turn red with the reason, replays a
 * dead letter by clicking and sees it applied, and checks that the page holds no configured
 * secret. Saves a screenshot to target/console.png (and to the file named by
 * {@code -Dconsole.screenshot=docs/console.png}, the one the README shows).
 */
class ConsoleBrowserIT {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final String ADMIN = "console-browser-admin-token";
    static Bridge bridge;
    static WebDriver browser;
    static String base;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("headless Chromium is needed: apt-get install -y chromium chromium-driver (.ci/run does)");
        }
        Assumptions.assumeTrue(installed, "chromium and chromium-driver are not installed");
        bridge = TestBridge.sandbox().with("bridge.admin-token", ADMIN).with("bridge.inbox.poll-interval-ms", "50")
                .with("bridge.poll.enabled", "false").with(ConsoleSettings.REFRESH_SECONDS, "1")
                .with(ConsoleSettings.CHECK_INTERVAL_MINUTES, "0").with(ConsoleSettings.ALERT_INTERVAL_SECONDS, "1")
                .with(ConsoleSettings.FAILING_MINUTES, "0").start();
        base = TestBridge.httpUrl(bridge);
        var context = bridge.context();
        PluginHelper.getRoutesLoader(context).loadRoutes(
                ResourceHelper.resolveResource(context, "classpath:flows/test-client-to-contact.yaml"));
        // the demo data the sandbox seeded comes in with the first poll
        assertThat(api("POST", "/api/sync-now").statusCode()).isEqualTo(202); // the cycle runs in the background
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .until(() -> !api("GET", "/api/status").body().contains("\"state\":\"running\""));
        Quiet.settle(bridge);

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,2200", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (bridge != null) {
            bridge.close();
        }
    }

    @Test
    void signInWatchAConnectionFailReplayADeadLetterAndFindNoSecret() throws Exception {
        browser.get(base + "/");
        browser.findElement(By.id("token")).sendKeys(ADMIN);
        browser.findElement(By.id("login")).click();
        // the page replaces its live part every second: an element found a moment ago may be gone
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .withMessage(() -> "the page shows: " + js("return document.body.innerText;"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("connections")));

        // every connection green
        assertThat(browser.findElements(By.cssSelector("#connections .card"))).hasSizeGreaterThanOrEqualTo(2);
        wait.until(d -> states().values().stream().allMatch("ok"::equals));

        // the demo data in the activity log: written by the flows
        wait.until(d -> d.findElements(By.cssSelector("#activity-log tr.outcome-written")).size() >= 3);
        assertThat(browser.findElement(By.id("activity-log")).getText()).contains("toggl-client-to-contact");
        // filtered by outcome (the form submits itself on change)
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("filter-outcome"))).selectByValue("written");
        wait.until(d -> d.getCurrentUrl().contains("outcome=written"));
        wait.until(d -> (Boolean) js("var rows = document.querySelectorAll('#activity-log tbody tr');"
                + " return rows.length > 0 && Array.from(rows).every(function (r) { return r.className === 'outcome-written'; });"));
        browser.get(base + "/");

        // a dead letter: HighLevel refuses the write (422) of a change of the test source
        HighLevelSimulator highlevel = bridge.simulators().get("highlevel", HighLevelSimulator.class);
        highlevel.faults().failNext(1, 422);
        CanonicalChange change = new CanonicalChange("test", CanonicalChange.Entity.of("client"), CanonicalChange.Action.UPDATED,
                "browser-1", Map.of("name", "Browser Replay Co", "email", "replay.me@example.com"), Instant.now(), null);
        new Inbox(bridge.database().dataSource()).store(change.source(), change.eventId(), change.recordKey(),
                Inbox.KIND_CHANGE, SyncJson.toJson(change));
        String letterId = wait.until(d -> (String) js("var r = document.querySelector('#dead-letters tr[id^=dead-letter-]');"
                + " return r ? r.id : null;"));
        assertThat(browser.findElement(By.id("dead-letters")).getText()).contains("422");

        // its payload opens on click, personal data masked until asked for
        click(wait, By.cssSelector("#" + letterId + " button.payload"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("payload-text")));
        wait.until(d -> d.findElement(By.id("payload-text")).getText().contains("browser-1"));
        assertThat(browser.findElement(By.id("payload-text")).getText()).doesNotContain("replay.me@example.com")
                .doesNotContain("Browser Replay Co");
        browser.findElement(By.id("payload-full")).click();
        wait.until(d -> d.findElement(By.id("payload-text")).getText().contains("replay.me@example.com"));
        browser.findElement(By.id("payload-close")).click();
        screenshot();
        // on a phone: nothing wider than the screen (tables scroll inside their box)
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 1400));
        wait.until(d -> ((Number) js("return document.documentElement.scrollWidth;")).intValue()
                <= ((Number) js("return window.innerWidth;")).intValue());
        Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), Path.of("target", "console-phone.png"),
                StandardCopyOption.REPLACE_EXISTING);
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 2200));

        // the Toggl simulator refuses the credentials: the check turns the connection red with the reason
        control("PUT", "/sandbox/toggl/_faults", "{\"failNext\": 1000, \"failNextStatus\": 401}");
        try {
            click(wait, By.id("check"));
            wait.until(d -> "failing".equals(states().get("toggl")));
            String red = (String) js("return document.getElementById('connection-toggl').innerText;");
            assertThat(red).contains("failing").contains("401").contains("To do").contains("TOGGL_API_TOKEN");
            assertThat(states().get("highlevel")).isEqualTo("ok");
            wait.until(d -> String.valueOf(js("return document.getElementById('incidents').innerText;")).contains("connection.toggl"));
        } finally {
            control("DELETE", "/sandbox/toggl/_faults", null);
        }
        click(wait, By.id("check"));
        wait.until(d -> "ok".equals(states().get("toggl")));

        // replay by clicking: the letter goes, the write is applied
        click(wait, By.cssSelector("#" + letterId + " button.replay"));
        wait.until(d -> d.findElements(By.id(letterId)).isEmpty());
        SyncLinks links = new SyncLinks(bridge.database().dataSource(), "highlevel");
        wait.until(d -> links.targetId("test", "client", "browser-1") != null);
        String contactId = links.targetId("test", "client", "browser-1");
        var get = new org.apache.camel.support.DefaultExchange(bridge.context());
        get.getMessage().setHeader("contactId", contactId);
        bridge.context().createProducerTemplate().send("direct:contacts.get-contact", get);
        assertThat(get.getException()).isNull();
        assertThat(String.valueOf(get.getMessage().getBody(Map.class).get("contact"))).contains("Browser Replay Co");
        browser.get(base + "/?record=" + java.net.URLEncoder.encode("test:client:browser-1", java.nio.charset.StandardCharsets.UTF_8));
        wait.until(d -> d.findElements(By.cssSelector("#activity-log tr.outcome-written")).size() == 1);

        // no configured secret anywhere in the page, the cookie or the browser's storage
        String page = browser.getPageSource();
        String storage = String.valueOf(((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "return document.cookie + '|' + JSON.stringify(localStorage) + '|' + JSON.stringify(sessionStorage);"));
        List<String> secrets = SecretMasker.registered();
        assertThat(secrets).contains(ADMIN);
        io.contactsbridge.testing.Robustness.recordSecrets(List.of(ADMIN)); // LogSecretsCheck greps every log for it
        for (String secret : secrets) {
            assertThat(page).doesNotContain(secret);
            assertThat(storage).doesNotContain(secret);
            browser.manage().getCookies().forEach(c -> assertThat(c.getValue()).doesNotContain(secret));
        }
        assertThat(browser.manage().getCookieNamed(ConsoleSessions.COOKIE).isHttpOnly()).isTrue();
    }

    /** Connection id -> data-state, read in one script (the cards are replaced every second). */
    @SuppressWarnings("unchecked")
    static Map<String, String> states() {
        return (Map<String, String>) js("var m = {}; document.querySelectorAll('#connections .card').forEach("
                + "function (c) { m[c.id.replace('connection-', '')] = c.dataset.state; }); return m;");
    }

    static Object js(String script) {
        return ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(script);
    }

    /** Clicks the element, finding it again when a refresh replaced it in between. */
    static void click(WebDriverWait wait, By by) {
        wait.until(d -> {
            d.findElement(by).click();
            return true;
        });
    }

    static void screenshot() throws Exception {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Path target = Path.of("target", "console.png");
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        String docs = System.getProperty("console.screenshot");
        if (docs != null && !docs.isBlank()) {
            Files.copy(shot.toPath(), Path.of(docs), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static HttpResponse<String> api(String method, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + ADMIN)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    static void control(String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json");
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        assertThat(HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }
}
