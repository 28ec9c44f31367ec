package io.recordflow.app.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.recordflow.app.dlq.DeadLetterRedriver;
import io.recordflow.app.fixtures.TopicContents;
import io.recordflow.app.kafka.OperatorProducer;
import io.recordflow.records.AuditEvent;
import io.recordflow.records.DeadLetter;
import io.recordflow.records.EnrichedRecord;
import io.recordflow.registry.RestSchemaRegistryClient;
import io.recordflow.testkit.EmbeddedKafkaExtension;
import io.recordflow.testkit.EmbeddedSchemaRegistryExtension;
import io.recordflow.topics.Topics;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;

/**
 * The review console in a real browser: Debian's headless Chromium driven through its chromedriver, against a
 * console on the in-process cluster. One console and one browser serve the whole class; each test signs in as the
 * role it needs. Screenshots of the main screens are saved under target/console-screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @RegisterExtension
    static final EmbeddedSchemaRegistryExtension REGISTRY = new EmbeddedSchemaRegistryExtension(KAFKA);

    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path work;

    private static ReviewConsole console;
    private static WebDriver browser;

    @BeforeAll
    static void startConsoleAndBrowser() throws IOException {
        Topics.all().forEach(t -> KAFKA.createTopic(t.name(), 2));
        ConsoleConfig config = ConsoleFixture.seed(KAFKA.bootstrapServers(), REGISTRY.serdeConfig(), work);
        console = ReviewConsole.start(ConsoleFixture.client(KAFKA.bootstrapServers(), REGISTRY.url()), config);
        browser = chromium(work.resolve("chromium-profile"));
        Files.createDirectories(SCREENSHOTS);
    }

    /** Debian's Chromium through /usr/bin/chromedriver, named explicitly so Selenium Manager downloads nothing. */
    private static WebDriver chromium(Path profile) {
        assertThat(Path.of(CHROMEDRIVER))
                .as("Debian's chromium and chromium-driver must be installed (apt-get install chromium chromium-driver;"
                        + " .ci/run does it)")
                .isExecutable();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(new File("/usr/bin/chromium"));
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--window-size=1440,1100",
                "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(PAGE_TIMEOUT);
        return driver;
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (console != null) {
            console.close();
        }
    }

    @AfterEach
    void signOut() {
        browser.manage().deleteAllCookies();
    }

    private static void signIn(String user) {
        browser.get(console.url() + "/queue");
        assertThat(browser.getCurrentUrl()).contains("/signin");
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(ConsoleFixture.PASSWORD);
        browser.findElement(By.id("signin")).click();
        await().atMost(PAGE_TIMEOUT).until(() -> browser.getCurrentUrl().endsWith("/queue"));
    }

    private static List<String> queueIds() {
        return browser.findElements(By.cssSelector("#queue tbody tr")).stream()
                .map(row -> row.getAttribute("data-href").substring("/records/".length()))
                .toList();
    }

    private static void screenshot(String name) throws IOException {
        byte[] png = ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(SCREENSHOTS.resolve(name + ".png"), png);
    }

    private static TopicContents topics() {
        return new TopicContents(KAFKA.bootstrapServers(), REGISTRY.url());
    }

    @Test
    @Order(1)
    void shouldSignInAndListTheRecordsAwaitingReviewNewestFirst() throws IOException {
        signIn(ConsoleFixture.REVIEWER);

        assertThat(queueIds())
                .containsExactly(
                        ConsoleFixture.SCAN,
                        ConsoleFixture.PERSONNEL,
                        ConsoleFixture.CONTRACT,
                        ConsoleFixture.VOICEMAIL);
        assertThat(browser.findElement(By.id("open-count")).getText()).isEqualTo("4");
        assertThat(browser.findElement(By.cssSelector(".user .who")).getText()).isEqualTo(ConsoleFixture.REVIEWER);
        screenshot("queue");

        browser.get(console.url() + "/queue?reason=SENSITIVE_CONTENT");
        assertThat(queueIds()).containsExactly(ConsoleFixture.PERSONNEL);
        browser.get(console.url() + "/queue?maxConfidence=0.5");
        assertThat(queueIds()).containsExactly(ConsoleFixture.CONTRACT, ConsoleFixture.VOICEMAIL);
    }

    @Test
    @Order(2)
    void shouldShowTheRecordWithLocatedFindingsAndHideTheirValuesFromAViewer() throws IOException {
        signIn(ConsoleFixture.VIEWER);
        browser.get(console.url() + "/records/" + ConsoleFixture.PERSONNEL);

        assertThat(browser.findElement(By.id("record-title")).getText())
                .isEqualTo("Notification of Personnel Action: Promotion (SF-50)");
        assertThat(browser.findElement(By.id("text")).getText()).doesNotContain("123-45-6789");
        assertThat(browser.findElements(By.cssSelector("mark.finding.redacted")))
                .hasSize(2);
        assertThat(browser.findElement(By.id("cannot-decide")).getText()).contains("viewer");
        assertThat(browser.findElements(By.id("accept"))).isEmpty();
        browser.manage().deleteAllCookies();

        signIn(ConsoleFixture.REVIEWER);
        browser.get(console.url() + "/records/" + ConsoleFixture.PERSONNEL);
        assertThat(browser.findElement(By.id("text")).getText()).contains("123-45-6789");
        assertThat(browser.findElement(By.id("sensitivity")).getText()).contains("SSN", "characters");
        screenshot("record-sensitive");

        browser.get(console.url() + "/records/" + ConsoleFixture.SCAN);
        assertThat(browser.findElement(By.id("injection")).getText()).contains("prompt injection");
        WebElement original = browser.findElement(By.cssSelector("#original img.preview"));
        await().atMost(PAGE_TIMEOUT)
                .until(() ->
                        ((Number) ((ChromeDriver) browser).executeScript("return arguments[0].naturalWidth", original))
                                        .intValue()
                                == 620);
        ((ChromeDriver) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", original);
        screenshot("record-original");
    }

    @Test
    @Order(3)
    void shouldDecideAnotherCategoryAndWriteTheDecisionAndItsAuditEventAsTheSignedInReviewer() throws IOException {
        signIn(ConsoleFixture.REVIEWER);
        browser.findElement(By.linkText("Contract Modification Memorandum DEA-2025-C-0142"))
                .click();
        await().atMost(PAGE_TIMEOUT)
                .until(() -> browser.getCurrentUrl().endsWith("/records/" + ConsoleFixture.CONTRACT));
        assertThat(browser.findElement(By.id("model-code")).getText()).isEqualTo("GRS-1.1-010");
        screenshot("record");

        browser.findElement(By.id("category-search")).sendKeys("1.3-010");
        assertThat(new Select(browser.findElement(By.id("category")))
                        .getFirstSelectedOption()
                        .getAttribute("value"))
                .isEqualTo("GRS-1.3-010");
        browser.findElement(By.id("note")).sendKeys("budget execution, not a contract file");
        browser.findElement(By.id("decide")).click();

        await().atMost(PAGE_TIMEOUT)
                .until(() -> !browser.findElements(By.id("notice")).isEmpty());
        assertThat(browser.findElement(By.id("notice")).getText()).contains(ConsoleFixture.CONTRACT, "GRS-1.3-010");
        browser.get(console.url() + "/queue");
        assertThat(queueIds()).doesNotContain(ConsoleFixture.CONTRACT).hasSize(3);

        List<EnrichedRecord> decisions = topics().values(Topics.ENRICHED).stream()
                .filter(r -> r.getRecordId().equals(ConsoleFixture.CONTRACT)
                        && "human".equals(r.getProvenance().getProvider()))
                .toList();
        assertThat(decisions).hasSize(1);
        assertThat(decisions.get(0).getClassification().getCode()).isEqualTo("GRS-1.3-010");
        assertThat(decisions.get(0).getProvenance().getDecidedBy()).isEqualTo(ConsoleFixture.REVIEWER);
        assertThat(decisions.get(0).getRetention().getScheduleItem()).contains("1.3");
        List<AuditEvent> audits = topics().values(Topics.AUDIT).stream()
                .filter(e -> e.getRecordId().equals(ConsoleFixture.CONTRACT)
                        && e.getStep().equals("REVIEW_DECISION"))
                .toList();
        assertThat(audits).hasSize(1);
        assertThat(audits.get(0).getActor()).isEqualTo("human:" + ConsoleFixture.REVIEWER);
        assertThat(audits.get(0).getDetail())
                .containsEntry("previousCode", "GRS-1.1-010")
                .containsEntry("code", "GRS-1.3-010")
                .containsEntry("note", "budget execution, not a contract file");
    }

    @Test
    @Order(4)
    void shouldAcceptTheModelsCategoryWithTheKeyboardShortcut() {
        signIn(ConsoleFixture.REVIEWER);
        browser.get(console.url() + "/records/" + ConsoleFixture.VOICEMAIL);
        WebElement body = browser.findElement(By.tagName("body"));

        body.sendKeys("a");

        await().atMost(PAGE_TIMEOUT)
                .until(() -> !browser.findElements(By.id("notice")).isEmpty());
        assertThat(browser.findElement(By.id("notice")).getText()).contains(ConsoleFixture.VOICEMAIL, "GRS-5.2-010");
        assertThat(topics().values(Topics.ENRICHED).stream()
                        .filter(r -> r.getRecordId().equals(ConsoleFixture.VOICEMAIL)
                                && "human".equals(r.getProvenance().getProvider())))
                .singleElement()
                .satisfies(r -> assertThat(r.getClassification().getCode()).isEqualTo("GRS-5.2-010"));
        browser.findElement(By.tagName("body")).sendKeys(Keys.chord("n"));
        await().atMost(PAGE_TIMEOUT).until(() -> browser.getCurrentUrl().contains("/records/"));
    }

    @Test
    @Order(5)
    void shouldShowThePipelineStatusWithItsCharts() throws IOException {
        signIn(ConsoleFixture.VIEWER);
        browser.get(console.url() + "/status");

        assertThat(browser.findElement(By.id("topics")).getText()).contains(Topics.ENRICHED.name(), Topics.DLQ.name());
        assertThat(browser.findElement(By.id("tile-dlq")).getText()).isEqualTo("2");
        assertThat(browser.findElement(By.cssSelector("#chart-enriched figcaption b"))
                        .getText())
                .isEqualTo("28");
        assertThat(browser.findElement(By.cssSelector("#chart-decided figcaption b"))
                        .getText())
                .isEqualTo("2");
        assertThat(browser.findElements(By.cssSelector("#chart-categories svg rect")))
                .hasSizeGreaterThan(3);
        int subjects;
        try (RestSchemaRegistryClient registry = new RestSchemaRegistryClient(List.of(REGISTRY.url()))) {
            subjects = registry.getAllSubjects().size();
        }
        assertThat(subjects).isPositive();
        assertThat(browser.findElement(By.id("tile-registry")).getText())
                .isEqualTo(REGISTRY.url() + " answers, " + subjects + " subject(s), stored in topic _schemas");
        screenshot("status");

        browser.get(console.url() + "/records?q=personnel");
        assertThat(browser.findElement(By.id("found-count")).getText()).isEqualTo("1");
        assertThat(browser.findElement(By.id("records")).getText()).contains(ConsoleFixture.PERSONNEL);
    }

    @Test
    @Order(6)
    void shouldRedriveADeadLetterAsTheSignedInOperator() throws IOException {
        signIn(ConsoleFixture.OPERATOR);
        browser.get(console.url() + "/dead-letters");
        assertThat(browser.findElement(By.id("dead-letters")).getText())
                .contains("HttpTimeoutException", "EncryptedDocumentException");
        screenshot("dead-letters");
        browser.get(console.url() + "/dead-letters?stage=INGEST");
        assertThat(browser.findElement(By.id("dlq-shown")).getText()).isEqualTo("1");
        browser.get(console.url() + "/dead-letters");

        browser.findElement(By.linkText(ConsoleFixture.DEAD_LETTER)).click();
        browser.findElement(By.id("redrive")).click();

        await().atMost(PAGE_TIMEOUT)
                .until(() -> !browser.findElements(By.id("notice")).isEmpty());
        assertThat(browser.findElement(By.id("notice")).getText()).contains("Redriven to " + Topics.INGESTED.name());
        assertThat(topics().values(Topics.AUDIT).stream()
                        .filter(e -> e.getStep().equals("DLQ_REDRIVE")))
                .singleElement()
                .satisfies(e -> assertThat(e.getActor()).isEqualTo("operator:" + ConsoleFixture.OPERATOR));
    }

    @Test
    @Order(7)
    void shouldRoundTripARecordIdThatNeedsEncodingThroughLinksRoutesAndTheDecision() {
        String id = "rec 2026/03?x=1#p%20ü+1";
        String title = "Awkward id memo";
        ConsoleFixture.seedAwaitingReview(KAFKA.bootstrapServers(), REGISTRY.serdeConfig(), id, title, Instant.now());
        signIn(ConsoleFixture.REVIEWER);
        // the queue may come from a read of the topics made before the record was sent (console.snapshot.max.age.ms)
        await().atMost(PAGE_TIMEOUT).until(() -> {
            browser.navigate().refresh();
            return !browser.findElements(By.linkText(title)).isEmpty();
        });

        browser.findElement(By.linkText(title)).click();

        await().atMost(PAGE_TIMEOUT)
                .until(() -> browser.getCurrentUrl().endsWith("/records/rec%202026%2F03%3Fx%3D1%23p%2520%C3%BC%2B1"));
        assertThat(browser.findElement(By.id("record-title")).getText()).isEqualTo(title);
        assertThat(browser.findElement(By.cssSelector(".crumbs .mono")).getText())
                .isEqualTo(id);
        browser.findElement(By.id("accept")).click();

        await().atMost(PAGE_TIMEOUT)
                .until(() -> !browser.findElements(By.id("notice")).isEmpty());
        assertThat(browser.findElement(By.id("notice")).getText()).contains(id, "GRS-5.1-010");
        assertThat(topics().values(Topics.ENRICHED).stream()
                        .filter(r -> r.getRecordId().equals(id)
                                && "human".equals(r.getProvenance().getProvider())))
                .singleElement()
                .satisfies(r -> assertThat(r.getProvenance().getDecidedBy()).isEqualTo(ConsoleFixture.REVIEWER));
    }

    @Test
    @Order(8)
    void shouldPreviewAPdfOriginalInlineInTheBrowsersPdfViewer() throws IOException {
        signIn(ConsoleFixture.REVIEWER);
        browser.get(console.url() + "/records/" + ConsoleFixture.PERSONNEL);
        WebElement frame = browser.findElement(By.cssSelector("#original iframe.preview"));
        ChromeDriver chrome = (ChromeDriver) browser;

        // a frame the page's policy refuses shows Chromium's error page, whose document the console cannot read
        await().atMost(PAGE_TIMEOUT)
                .until(() -> chrome.executeScript(
                                "var d = arguments[0].contentDocument;"
                                        + " return d ? d.contentType + ' ' + d.readyState : 'blocked'",
                                frame)
                        .equals("application/pdf complete"));
        await().atMost(PAGE_TIMEOUT)
                .until(() -> chrome.executeScript(
                                "var e = performance.getEntriesByName(arguments[0].src);"
                                        + " return e.length ? e[0].responseStatus : 0",
                                frame)
                        .equals(200L));
        assertThat(frame.getAttribute("src")).endsWith("/records/" + ConsoleFixture.PERSONNEL + "/original?inline=1");
        assertThat(frame.getSize().getHeight()).isGreaterThanOrEqualTo(480);
        chrome.executeScript("arguments[0].scrollIntoView({block: 'center'})", frame);
        screenshot("record-pdf");
    }

    @Test
    @Order(9)
    void shouldRefuseARedriveAnotherOperatorMadeWhileThePageWasOpen() {
        String id = "dl-enrich-timeout-2";
        DeadLetter letter = ConsoleFixture.seedRedrivableDeadLetter(
                KAFKA.bootstrapServers(), REGISTRY.serdeConfig(), id, "rec-travel-2026");
        signIn(ConsoleFixture.OPERATOR);
        // the dead-letter pages may come from a read made before it was sent (console.snapshot.max.age.ms)
        await().atMost(PAGE_TIMEOUT).until(() -> {
            browser.get(console.url() + "/dead-letters/" + id);
            return !browser.findElements(By.id("redrive")).isEmpty();
        });
        // Another operator redrives it from the command line while the page is open and the console's read is recent.
        try (OperatorProducer cli = new OperatorProducer(
                ConsoleFixture.client(KAFKA.bootstrapServers(), REGISTRY.url()), "recordflow-dlq-cli")) {
            new DeadLetterRedriver(cli, "cli-operator").redrive(letter);
        }

        browser.findElement(By.id("redrive")).click();

        await().atMost(PAGE_TIMEOUT).until(() -> browser.getPageSource().contains("Already redriven"));
        assertThat(browser.getPageSource()).contains("was redriven by operator:cli-operator");
        assertThat(topics().values(Topics.AUDIT).stream()
                        .filter(e -> e.getStep().equals(DeadLetterRedriver.AUDIT_STEP)
                                && id.equals(e.getDetail().get(DeadLetterRedriver.DETAIL_DEAD_LETTER_ID))))
                .singleElement()
                .satisfies(e -> assertThat(e.getActor()).isEqualTo("operator:cli-operator"));
    }
}
