package dev.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plumbline.domain.Classification;
import dev.plumbline.domain.Run;
import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.RunStatus;
import dev.plumbline.domain.Trigger;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.reconcile.Attempt;
import dev.plumbline.reconcile.Outcome;
import dev.plumbline.runner.Cancellation;
import dev.plumbline.testing.InfraRepo;
import dev.plumbline.testing.RealToolchain;
import java.io.File;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real Chromium (Debian's chromium and chromium-driver, headless), signed in through a real OpenID
 * Connect provider started on loopback, over a daemon that found a real drift with the real tofu: an operator sees
 * the drifted workspace, opens its plan, approves and applies it; a viewer sees no approve button and has the POST
 * refused. Each page is checked for escaped markup and for the canary secret; the fleet, workspace and run pages
 * are saved as screenshots in docs/screenshots/.
 */
class ConsoleBrowserIT {
    private static final WorkspaceId WEB = new WorkspaceId("infra", "web");
    private static final WorkspaceId HELLO = new WorkspaceId("infra", "hello");
    private static final String SCRIPT = "<script>alert(1)</script>";
    private static final String CANARY = "canary-console-" + Long.toHexString(System.nanoTime());
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    Path tmp;

    private final MockOAuth2Server idp = new MockOAuth2Server();
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final Map<String, String> pages = new LinkedHashMap<>();
    private InfraRepo repo;
    private App app;
    private Daemon daemon;
    private WebDriver browser;
    private String base;

    @BeforeEach
    void start() throws Exception {
        assertThat(CHROMIUM).as("chromium (runner-image/install-toolchain.sh installs it)").isExecutable();
        assertThat(DRIVER).as("chromedriver (runner-image/install-toolchain.sh installs it)").isExecutable();
        idp.start(InetAddress.getLoopbackAddress(), 0);
        Path managed = Files.createDirectories(tmp.resolve("managed"));
        repo = InfraRepo.withExamples(tmp.resolve("git"), """
                autodiscover: false
                workspaces:
                  - name: web
                    dir: workspaces/web
                    apply: approval
                    drift: {on_drift: report}
                    variables: {output_dir: "%1$s", motd: "%2$s", api_key: "%3$s"}
                  - name: hello
                    dir: workspaces/hello
                    apply: auto
                    variables: {output_dir: "%1$s"}
                """.formatted(managed, SCRIPT, CANARY));
        repo.write("workspaces/web/main.tf", """
                terraform {
                  required_providers {
                    local = { source = "hashicorp/local", version = "2.9.0" }
                  }
                }
                variable "output_dir" { type = string }
                variable "motd" { type = string }
                variable "api_key" {
                  type      = string
                  sensitive = true
                }
                resource "local_file" "page" {
                  for_each = { "%s" = "odd", "plain" = "even" }
                  filename = "${var.output_dir}/${each.value}.txt"
                  content  = "${var.motd} ${each.key}\\n"
                }
                resource "local_sensitive_file" "key" {
                  filename = "${var.output_dir}/key.txt"
                  content  = var.api_key
                }
                """.formatted(SCRIPT.replace("\"", "\\\"")));
        repo.commit("A workspace whose addresses and values hold markup");
        Path secret = tmp.resolve("client-secret");
        Files.writeString(secret, "console-client-secret\n");
        Path config = tmp.resolve("plumbline.yaml");
        Files.writeString(config, repo.daemonConfig("infra", tmp.resolve("data")) + """
                http: {bind: 127.0.0.1, port: 0}
                console:
                  oidc:
                    issuer: "%s"
                    client_id: plumbline-console
                    client_secret_file: "%s"
                    roles_claim: groups
                    roles: {operator: [platform-ops], viewer: [engineering]}
                """.formatted(idp.issuerUrl("default"), secret));
        app = App.open(config);
        daemon = new Daemon(app);
        base = "http://127.0.0.1:" + daemon.startHttp();
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (daemon != null) {
            daemon.close();
        }
        if (repo != null) {
            repo.close();
        }
        idp.shutdown();
    }

    @Test
    void an_operator_approves_and_applies_a_drifted_plan_and_a_viewer_cannot() throws Exception {
        applyThroughTheReconciler();
        Run drifted = driftByHand();

        browser = chromium();
        signIn("olivia", "platform-ops");
        assertThat(browser.getCurrentUrl()).isEqualTo(base + "/");
        String fleet = page("fleet");
        assertThat(browser.findElement(By.cssSelector("tr.status-drifted")).getText()).contains("infra/web", "drifted");
        assertThat(browser.findElement(By.cssSelector("tr.status-in_sync")).getText()).contains("infra/hello");
        screenshot("fleet");

        follow(By.linkText("infra/web"));
        page("workspace");
        assertThat(browser.findElements(By.cssSelector("svg.timeline rect.bar.drifted"))).isNotEmpty();
        screenshot("workspace");

        browser.get(base + "/runs/" + drifted.id());
        String run = page("run");
        assertThat(browser.findElements(By.cssSelector("pre.plan span.add"))).as("the plan's coloured lines")
                .isNotEmpty();
        assertThat(run).contains("has been deleted");
        screenshot("run");
        follow(By.id("approve"));
        assertThat(app.db.approvals().find(drifted.id())).hasValueSatisfying(a ->
                assertThat(a.approvedBy()).isEqualTo("olivia"));
        // the apply runs in the request; the browser is on the apply run's page once it answers
        follow(By.id("apply"));
        await().atMost(Duration.ofMinutes(2)).until(() -> browser.getCurrentUrl().matches(".*/runs/\\d+")
                && !browser.getCurrentUrl().endsWith("/runs/" + drifted.id()));
        page("apply run");
        Run apply = app.db.runs().appliesOf(drifted.id()).get(0);
        assertThat(browser.getCurrentUrl()).isEqualTo(base + "/runs/" + apply.id());
        assertThat(apply.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(tmp.resolve("managed/even.txt")).exists();
        assertThat(app.db.audit().recent(50)).anySatisfy(e -> {
            assertThat(e.actor()).isEqualTo("olivia");
            assertThat(e.action()).isEqualTo("plan.approved");
        });

        browser.get(base + "/audit");
        assertThat(page("audit")).contains("plan.approved", "olivia");
        browser.get(base + "/queue");
        assertThat(page("queue")).contains("Waiting");

        Run again = driftByHand();
        browser.manage().deleteAllCookies();
        signIn("victor", "engineering");
        browser.get(base + "/runs/" + again.id());
        page("run as viewer");
        assertThat(browser.findElements(By.id("approve"))).as("approve button for a viewer").isEmpty();
        assertThat(browser.findElements(By.id("apply"))).as("apply button for a viewer").isEmpty();
        Cookie session = browser.manage().getCookieNamed("plumbline_session");
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Lax");
        String csrf = csrfOf(browser.getPageSource());
        HttpResponse<String> refused = post("/runs/" + again.id() + "/approve", session.getValue(), "csrf=" + csrf);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("needs the operator role", "victor is viewer");
        HttpResponse<String> noToken = post("/runs/" + again.id() + "/approve", session.getValue(), "comment=x");
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(noToken.body()).contains("CSRF token is missing or wrong");
        assertThat(app.db.approvals().find(again.id())).isEmpty();

        assertThat(fleet).contains("infra/web");
        pages.forEach((name, html) -> {
            assertThat(html).as("the %s page", name).doesNotContain(SCRIPT).doesNotContain(CANARY);
        });
        assertThat(pages.get("run")).as("the address, escaped")
                .contains("local_file.page[\"&lt;script&gt;alert(1)&lt;/script&gt;\"]");
        assertThat(pages.get("workspace")).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    /** The first apply, as the CLI would do it: a plan, approved and applied. */
    private void applyThroughTheReconciler() {
        Outcome plan = app.reconciler.plan(WEB, Trigger.MANUAL, Cancellation.none());
        assertThat(plan.plan().succeeded()).as("the first plan: %s", plan.plan().error()).isTrue();
        app.reconciler.approve(plan.plan().runId(), "setup", null);
        assertThat(app.reconciler.apply(plan.plan().runId(), "setup", Cancellation.none()).applied()).isTrue();
        assertThat(app.reconciler.reconcile(HELLO, Trigger.MANUAL, Attempt.FIRST, Cancellation.none()).applied())
                .as("hello applied").isTrue();
        assertThat(app.reconciler.driftCheck(HELLO, Trigger.MANUAL, Attempt.FIRST, Cancellation.none()).plan()
                .classification()).isEqualTo(Classification.IN_SYNC);
    }

    /** Deletes the managed files and checks for drift: a real drift, found by a real plan, reported only. */
    private Run driftByHand() throws Exception {
        Files.delete(tmp.resolve("managed/even.txt"));
        Files.delete(tmp.resolve("managed/odd.txt"));
        Outcome check = app.reconciler.driftCheck(WEB, Trigger.MANUAL, Attempt.FIRST, Cancellation.none());
        Run run = app.db.runs().find(check.plan().runId()).orElseThrow();
        assertThat(run.kind()).isEqualTo(RunKind.DRIFT_CHECK);
        assertThat(run.classification()).isEqualTo(Classification.DRIFTED);
        return run;
    }

    private void signIn(String name, String group) {
        idp.enqueueCallback(new DefaultOAuth2TokenCallback("default", name, "JWT", null,
                Map.of("preferred_username", name, "groups", List.of(group)), 3600));
        browser.get(base + "/");
        assertThat(browser.getCurrentUrl()).startsWith(base + "/signin");
        browser.findElement(By.id("oidc")).click();
        // the click starts a chain of redirects (identity provider, callback, the page asked for); wait for its end
        try {
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> browser.findElement(By.cssSelector("span.who")).getText().contains(name));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("signing in as " + name + ": no span.who naming them; the browser is at "
                    + browser.getCurrentUrl() + " showing:\n" + browser.getPageSource(), e);
        }
    }

    /**
     * Clicks a link or a form's button and waits until the browser has left the page it was on and loaded the
     * next one: a click only starts the navigation.
     */
    private void follow(By what) {
        WebElement element = browser.findElement(what);
        element.click();
        new WebDriverWait(browser, Duration.ofMinutes(2)).until(ExpectedConditions.stalenessOf(element));
        new WebDriverWait(browser, Duration.ofMinutes(2)).until(driver -> "complete".equals(
                ((JavascriptExecutor) driver).executeScript("return document.readyState")));
    }

    private String page(String name) {
        String html = browser.getPageSource();
        pages.put(name, html);
        return html;
    }

    /**
     * Saves the page as {@code name.png}: in controller/target/screenshots, or, with {@code
     * -Dplumbline.screenshots=docs/screenshots}, where the README shows them (a test run leaves the checkout as it
     * was unless asked).
     */
    private void screenshot(String name) throws Exception {
        String asked = System.getProperty("plumbline.screenshots");
        Path dir = Files.createDirectories(RealToolchain.repoRoot().resolve(asked == null || asked.isBlank()
                ? "controller/target/screenshots" : asked).normalize());
        File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private HttpResponse<String> post(String path, String session, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Cookie", "plumbline_session=" + session)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String csrfOf(String html) {
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([0-9a-f]{64})\"").matcher(html);
        assertThat(m.find()).as("a form with a CSRF token").isTrue();
        return m.group(1);
    }

    private static WebDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(new ArrayList<>(List.of("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                "--disable-gpu", "--window-size=1280,900")));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofMinutes(2));
        driver.manage().window().setSize(new Dimension(1280, 900));
        return driver;
    }
}
