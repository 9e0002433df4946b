package io.llmrouter.app;

import static io.llmrouter.app.GatewayFixture.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Json;
import io.llmrouter.testing.Behavior;
import io.llmrouter.testing.FakeOpenAiUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The dashboard in a real browser (Debian's headless Chromium through its chromedriver): it asks for the master key,
 * shows what the admin API says while traffic flows, turns a breaker red when it opens, and fits a phone's screen.
 * Screenshots go to target/dashboard-desktop.png and target/dashboard-phone.png (the README's is the desktop one).
 */
class DashboardBrowserTest {

    private static final String MASTER = "dashboard-master-key-0123456789";
    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    private static final Duration PAGE = Duration.ofSeconds(30);

    static FakeOpenAiUpstream upstream;
    static GatewayFixture gw;
    static ChromeDriver browser;
    static Path profile;

    @BeforeAll
    static void start() throws Exception {
        if (!CHROMIUM.canExecute() || !CHROMEDRIVER.canExecute()) {
            String why = "Chromium or chromedriver is missing (apt-get install chromium chromium-driver; .ci/run does)";
            if (System.getenv("CI") != null) {
                throw new IllegalStateException(why);
            }
            Assumptions.abort(why);
        }
        upstream = FakeOpenAiUpstream.start();
        upstream.on("up-alpha", Behavior.delayed(15, Behavior.text("alpha answers in a few words")));
        upstream.on("up-beta", Behavior.delayed(40, Behavior.text("beta answers in a few more words than alpha")));
        gw = GatewayFixture.start("""
                providers:
                  - { id: fake, type: openai, base_url: %s, api_key_env: FAKE_KEY }
                models:
                  - { id: alpha, provider: fake, upstream: up-alpha, price: { input: 2.0, output: 8.0 } }
                  - { id: beta, provider: fake, upstream: up-beta, price: { input: 5.0, output: 15.0 } }
                """.formatted(upstream.baseUrl()), Map.of(
                "llmrouter.master-key", MASTER,
                "camel.component.llm.circuit-window", "4",
                "camel.component.llm.circuit-minimum-calls", "4",
                "camel.component.llm.circuit-failure-rate", "50",
                // open for the rest of the test: the page is to show it red, not to see it recover
                "camel.component.llm.circuit-open-millis", "600000",
                "camel.component.llm.circuit-half-open-calls", "1",
                "camel.component.llm.slow-start-millis", "0"), null);
        browser = chrome();
    }

    /** Chromium from Debian, its own chromedriver named outright: Selenium Manager never runs or downloads. */
    private static ChromeDriver chrome() throws Exception {
        System.setProperty("webdriver.remote.enableTracing", "false");
        profile = Files.createTempDirectory("llmrouter-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1280,1500");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (gw != null) {
            gw.close();
        }
        if (upstream != null) {
            upstream.close();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void showsWhatTheAdminApiSaysAndTurnsAnOpenBreakerRedOnAPhoneToo() throws Exception {
        JsonNode team = adminOk("POST", "/admin/teams", "{\"id\":\"research\",\"name\":\"Research\"}");
        String key = adminOk("POST", "/admin/keys", "{\"name\":\"dashboard\",\"team\":\"" + team.path("id").asText()
                + "\"}").path("key").asText();

        browser.get(gw.url("/ui"));
        await().atMost(PAGE).until(() -> visible("login"));
        assertThat(visible("board")).as("no data before the master key").isFalse();

        ExecutorService traffic = Executors.newFixedThreadPool(4);
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String model = i % 3 == 0 ? "beta" : "alpha";
                boolean stream = i % 5 == 0;
                answers.add(traffic.submit(() -> gw.chat(body(stream, model), "Authorization", "Bearer " + key)));
            }
            logIn(MASTER);
            for (Future<HttpResponse<String>> a : answers) {
                assertThat(a.get().statusCode()).isEqualTo(200);
            }
        } finally {
            traffic.shutdownNow();
        }

        // the page catches up with the API within a poll or two, and then shows the same numbers
        await().atMost(PAGE).untilAsserted(() -> {
            JsonNode api = adminOk("GET", "/admin/dashboard", null);
            JsonNode cluster = adminOk("GET", "/admin/cluster", null);
            for (String id : List.of("alpha", "beta")) {
                JsonNode row = row(api, id);
                assertThat(cell(id, "answered")).isEqualTo(row.path("answered").asText());
                assertThat(breaker(id).getText()).isEqualTo(row(cluster, id).path("breaker").asText());
                assertThat(numbers(cell(id, "latency")))
                        .containsExactly(row.path("latencyMs").path("p50").asDouble(),
                                row.path("latencyMs").path("p95").asDouble());
                assertThat(numbers(cell(id, "spend")).get(0))
                        .isCloseTo(row(cluster, id).path("spendUsd").asDouble(), within(0.01 * row(cluster, id)
                                .path("spendUsd").asDouble()));
            }
            assertThat(row(api, "alpha").path("answered").asInt() + row(api, "beta").path("answered").asInt())
                    .isEqualTo(40);
            assertThat(numbers(cell("alpha", "ttft"))).hasSize(2); // every fifth request streamed
            assertThat(browser.findElement(By.cssSelector("#decisions .rid")).getText())
                    .isEqualTo(api.path("decisions").get(0).path("requestId").asText());
        });
        assertThat(breaker("beta").getAttribute("class")).contains("breaker-closed");

        // beta answers 500s: tried first, it fails over to alpha until its breaker opens
        upstream.on("up-beta", Behavior.serverError());
        for (int i = 0; i < 10 && !"OPEN".equals(row(adminOk("GET", "/admin/cluster", null), "beta")
                .path("breaker").asText()); i++) {
            assertThat(gw.chat(body(false, "beta", "alpha"), "Authorization", "Bearer " + key).statusCode())
                    .isEqualTo(200);
        }
        assertThat(row(adminOk("GET", "/admin/cluster", null), "beta").path("breaker").asText()).isEqualTo("OPEN");
        // one more: the decision shows beta left out, and why
        gw.chat(body(false, "beta", "alpha"), "Authorization", "Bearer " + key);

        await().atMost(PAGE).untilAsserted(() -> {
            WebElement pill = breaker("beta");
            assertThat(pill.getText()).isEqualTo("OPEN");
            assertThat(pill.getAttribute("class")).contains("breaker-open");
            assertThat(pill.getCssValue("background-color")).isIn("rgba(211, 47, 47, 1)", "rgb(211, 47, 47)");
            assertThat(cell("beta", "errors")).contains("SERVER_ERROR");
            assertThat(cell("beta", "health")).startsWith("circuit open");
            assertThat(browser.findElement(By.id("decisions")).getAttribute("textContent"))
                    .contains("excluded beta: circuit open");
        });
        assertThat(breaker("alpha").getAttribute("class")).contains("breaker-closed");
        // the ledger's totals (read every few seconds, not on every poll) name the key and its team
        await().atMost(PAGE).untilAsserted(() -> {
            assertThat(browser.findElement(By.id("top-key")).getText()).contains("dashboard");
            assertThat(browser.findElement(By.id("top-team")).getText()).contains("research");
            assertThat(browser.findElement(By.id("top-model")).getText()).contains("alpha", "beta");
        });
        // the newest decision opened, to show its ranking and exclusion in the screenshot
        browser.findElement(By.cssSelector("#decisions summary")).click();
        screenshot("dashboard-desktop.png");

        // a phone: 375 x 667 CSS pixels, and nothing wider than the screen
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 375, "height", 667, "deviceScaleFactor", 2, "mobile", true));
        await().atMost(PAGE).untilAsserted(() -> {
            assertThat(js("return window.innerWidth")).isEqualTo(375L);
            assertThat((Long) js("return document.documentElement.scrollWidth")).isLessThanOrEqualTo(375L);
        });
        assertThat(breaker("beta").isDisplayed()).isTrue();
        screenshot("dashboard-phone.png");
        browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }

    private static void logIn(String masterKey) {
        browser.findElement(By.id("master-key")).sendKeys(masterKey);
        browser.findElement(By.cssSelector("#login-form button")).click();
        await().atMost(PAGE).until(() -> visible("board"));
    }

    private static boolean visible(String id) {
        return browser.findElement(By.id(id)).isDisplayed();
    }

    private static WebElement breaker(String deployment) {
        return browser.findElement(By.cssSelector("tr[data-deployment='" + deployment
                + "'] [data-field='breaker'] .pill"));
    }

    private static String cell(String deployment, String field) {
        return browser.findElement(By.cssSelector("tr[data-deployment='" + deployment + "'] [data-field='" + field
                + "']")).getText();
    }

    /** The numbers in a cell's text, e.g. "12.5 / 40.1 ms" as 12.5 and 40.1. */
    private static List<Double> numbers(String text) {
        List<Double> out = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\d+(\\.\\d+)?(e-?\\d+)?").matcher(text);
        while (m.find()) {
            out.add(Double.parseDouble(m.group()));
        }
        return out;
    }

    private static Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    private static JsonNode row(JsonNode report, String deployment) {
        for (JsonNode d : report.path("deployments")) {
            if (d.path("id").asText().equals(deployment)) {
                return d;
            }
        }
        throw new AssertionError("no deployment " + deployment + " in " + report);
    }

    private static JsonNode adminOk(String method, String path, String json) throws Exception {
        HttpResponse<String> r = gw.admin(method, path, json, MASTER);
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 201);
        return Json.MAPPER.readTree(r.body());
    }

    private static void screenshot(String name) throws Exception {
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Files.write(target, browser.getScreenshotAs(OutputType.BYTES));
    }
}
