package io.recordflow.app.console;

import io.recordflow.app.config.ClientConfig;
import io.recordflow.app.console.auth.Sessions.Session;
import io.recordflow.app.console.http.PathSegment;
import io.recordflow.app.console.http.Request;
import io.recordflow.app.console.http.Response;
import io.recordflow.app.console.pages.DeadLetterPages;
import io.recordflow.app.console.pages.Layout;
import io.recordflow.app.console.pages.QueueFilter;
import io.recordflow.app.console.pages.RecordsPage;
import io.recordflow.app.console.pages.StatusPage;
import io.recordflow.app.dlq.DeadLetterFilter;
import io.recordflow.app.dlq.DeadLetterRedriver;
import io.recordflow.app.kafka.OperatorProducer;
import io.recordflow.app.kafka.TopicScan.Entry;
import io.recordflow.app.review.ReviewSnapshot;
import io.recordflow.app.status.ClusterStatus;
import io.recordflow.app.status.EnrichMetricsProbe;
import io.recordflow.app.status.LatestEnrichment;
import io.recordflow.app.status.RegistryStatus;
import io.recordflow.records.AuditEvent;
import io.recordflow.records.DeadLetter;
import io.recordflow.records.EnrichedRecord;
import io.recordflow.records.Provenance;
import io.recordflow.topics.Topic;
import io.recordflow.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;

/** The operations screens: record search, pipeline status with charts, dead letters and their redrive. */
final class OperationsHandlers {

    /** How far back the status charts reach. */
    static final Duration CHART_WINDOW = Duration.ofHours(3);

    private final ClientConfig client;
    private final OperatorProducer producer;
    private final CachedSnapshot<ReviewSnapshot> reviewData;
    private final CachedSnapshot<DeadLetterSnapshot> deadLetterData;
    private final CachedSnapshot<StatusView> statusData;

    /** {@code snapshotMaxAge}: how long the dead-letter and status pages reuse one read of the cluster. */
    OperationsHandlers(
            ClientConfig client,
            OperatorProducer producer,
            CachedSnapshot<ReviewSnapshot> reviewData,
            Duration snapshotMaxAge) {
        this.client = client;
        this.producer = producer;
        this.reviewData = reviewData;
        this.deadLetterData =
                new CachedSnapshot<>(() -> DeadLetterSnapshot.read(client), snapshotMaxAge, Clock.systemUTC());
        this.statusData = new CachedSnapshot<>(this::readStatus, snapshotMaxAge, Clock.systemUTC());
    }

    Response records(Request request, Matcher match) {
        QueueFilter dates = QueueFilter.from(request);
        RecordsPage.Search search = new RecordsPage.Search(
                request.query("q"), request.query("category"), dates.from(), dates.to(), request.query("id"));
        List<EnrichedRecord> all = new ArrayList<>(reviewData.get().queue().latestOfEach());
        all.sort(Comparator.comparing(EnrichedRecord::getEnrichedAt).reversed());
        return Response.ok(RecordsPage.render(request.requireSession(), all, search, dates.problems()));
    }

    /** The same facts as {@code recordflow status}, from the same classes. */
    Response status(Request request, Matcher match) {
        StatusView view = statusData.get();
        // The review count comes from the review read, which this console's own decisions drop at once.
        String awaiting = view.reviewTopics()
                ? String.valueOf(reviewData.get().queue().open().size())
                : "n/a";
        return Response.ok(StatusPage.render(request.requireSession(), view.facts(awaiting), view.activity()));
    }

    /** What the status page shows of the cluster, read at one time; the review count is added per request. */
    private record StatusView(
            String cluster,
            List<ClusterStatus.TopicInfo> topics,
            List<ClusterStatus.GroupLag> lags,
            boolean reviewTopics,
            String deadLetters,
            String model,
            String inFlight,
            String registry,
            PipelineActivity activity) {

        StatusPage.Facts facts(String awaitingReview) {
            return new StatusPage.Facts(cluster, topics, lags, awaitingReview, deadLetters, model, inFlight, registry);
        }
    }

    private StatusView readStatus() {
        ConsoleScanReporter reporter = new ConsoleScanReporter();
        List<ClusterStatus.TopicInfo> allTopics;
        List<ClusterStatus.GroupLag> lags;
        try (ClusterStatus status = new ClusterStatus(client)) {
            List<String> names =
                    new ArrayList<>(Topics.all().stream().map(Topic::name).toList());
            names.add(RegistryStatus.SCHEMAS_TOPIC);
            allTopics = status.topics(names);
            lags = status.lag();
        }
        RegistryStatus registry = RegistryStatus.probe(client);
        List<ClusterStatus.TopicInfo> topics = registry.shownTopics(allTopics);
        String deadLetters = topics.stream()
                .filter(t -> t.name().equals(Topics.DLQ.name()) && t.exists())
                .findFirst()
                .map(t -> String.valueOf(t.retained()))
                .orElse("n/a");
        String model = exists(topics, Topics.ENRICHED)
                ? LatestEnrichment.find(client, reporter)
                        .map(OperationsHandlers::model)
                        .orElse("n/a (no model enrichment yet)")
                : "n/a";
        Map<String, String> settings = client.masked();
        return new StatusView(
                "Cluster " + settings.get(ClientConfig.BOOTSTRAP_SERVERS) + " ("
                        + settings.get(ClientConfig.SECURITY_PROTOCOL) + "), registry "
                        + settings.get(ClientConfig.SCHEMA_REGISTRY_URL),
                topics,
                lags,
                exists(topics, Topics.REVIEW) && exists(topics, Topics.ENRICHED),
                deadLetters,
                model,
                EnrichMetricsProbe.probe(client.enrichMetricsUrl()).describe(),
                registry.describe(allTopics),
                PipelineActivity.read(client, reporter, Instant.now(), CHART_WINDOW));
    }

    private static String model(EnrichedRecord r) {
        Provenance p = r.getProvenance();
        return p.getProvider() + " " + p.getModel() + ", prompt " + p.getPromptVersion();
    }

    private static boolean exists(List<ClusterStatus.TopicInfo> topics, Topic<?, ?> topic) {
        return topics.stream().anyMatch(t -> t.name().equals(topic.name()) && t.exists());
    }

    Response deadLetters(Request request, Matcher match) {
        List<DeadLetterFilter> filters = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        DeadLetterPages.Filters typed = new DeadLetterPages.Filters(
                request.query("stage"),
                request.query("errorClass"),
                request.query("topic"),
                request.query("recordId"),
                request.query("since"),
                problems);
        Instant now = Instant.now();
        for (String key : DeadLetterFilter.KEYS) {
            String value = request.query(key);
            if (!value.isEmpty()) {
                try {
                    filters.add(DeadLetterFilter.parse(key + "=" + value, now));
                } catch (IllegalArgumentException e) {
                    problems.add(e.getMessage());
                }
            }
        }
        DeadLetterSnapshot data = deadLetterData.get();
        List<Entry<DeadLetter>> all = data.all();
        List<Entry<DeadLetter>> shown = new ArrayList<>(all.stream()
                .filter(e -> filters.stream().allMatch(f -> f.test(e.value())))
                .toList());
        shown.sort(Comparator.comparing((Entry<DeadLetter> e) -> e.value().getFailedAt())
                .reversed());
        return Response.ok(DeadLetterPages.list(request.requireSession(), shown, all.size(), data.redrives(), typed));
    }

    Response deadLetter(Request request, Matcher match) {
        Session session = request.requireSession();
        String id = PathSegment.decode(match.group(1));
        DeadLetterSnapshot data = deadLetterData.get();
        Optional<Entry<DeadLetter>> entry = data.find(id);
        if (entry.isEmpty()) {
            return notFound(session, id);
        }
        Optional<AuditEvent> redrive = data.redrive(id);
        Optional<String> notice = request.query("redriven").isEmpty()
                ? Optional.empty()
                : Optional.of("Redriven to " + request.query("redriven") + ", audited in the same transaction.");
        return Response.ok(DeadLetterPages.detail(session, entry.get(), redrive, notice));
    }

    /** Redrives one dead letter through the same code as {@code recordflow dlq redrive}, as the signed-in operator. */
    Response redrive(Request request, Matcher match) {
        Session session = request.requireSession();
        String id = PathSegment.decode(match.group(1));
        // A redrive acts on what the topics hold now, never on a cached read: another operator may just have redriven
        // it.
        DeadLetterSnapshot data = deadLetterData.fresh();
        Optional<Entry<DeadLetter>> entry = data.find(id);
        if (entry.isEmpty()) {
            return notFound(session, id);
        }
        AuditEvent before = data.redrive(id).orElse(null);
        if (before != null && !"on".equals(request.form("force"))) {
            return Response.html(
                    409,
                    Layout.error(
                            409,
                            "Already redriven",
                            "Dead letter " + id + " was redriven by " + before.getActor() + " at "
                                    + before.getOccurredAt() + "; tick 'Redrive again' to send it once more.",
                            Optional.of(session)));
        }
        DeadLetterRedriver.Redriven done;
        try {
            done = new DeadLetterRedriver(producer, session.user())
                    .redrive(entry.get().value());
        } catch (IllegalArgumentException e) {
            return Response.html(409, Layout.error(409, "Not redrivable", e.getMessage(), Optional.of(session)));
        } finally {
            reviewData.invalidate();
            deadLetterData.invalidate();
        }
        return Response.redirect("/dead-letters/" + PathSegment.encode(id) + "?redriven="
                + ReviewHandlers.encode(done.topic() + "-" + done.partition() + "@" + done.offset()));
    }

    private static Response notFound(Session session, String id) {
        return Response.html(
                404,
                Layout.error(
                        404,
                        "No such dead letter",
                        "No dead letter " + id + " on " + Topics.DLQ.name() + ".",
                        Optional.of(session)));
    }
}
