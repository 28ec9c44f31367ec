package io.recordflow.app.console;

import io.recordflow.app.config.ClientConfig;
import io.recordflow.app.console.auth.Role;
import io.recordflow.app.console.auth.Sessions.Session;
import io.recordflow.app.console.http.PathSegment;
import io.recordflow.app.console.http.Request;
import io.recordflow.app.console.http.Response;
import io.recordflow.app.console.pages.Layout;
import io.recordflow.app.console.pages.QueueFilter;
import io.recordflow.app.console.pages.QueuePage;
import io.recordflow.app.console.pages.RecordPage;
import io.recordflow.app.review.HumanDecision;
import io.recordflow.app.review.ReviewDecider;
import io.recordflow.app.review.ReviewSnapshot;
import io.recordflow.app.review.TaxonomyReference;
import io.recordflow.blob.BlobRoots;
import io.recordflow.blob.RefusedUriException;
import io.recordflow.records.EnrichedRecord;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;

/** The review screens: the queue, a record page, the decision, and the original from the blob store. */
final class ReviewHandlers {

    /** Largest original the console serves; bigger ones are downloaded from the blob store directly. */
    static final long MAX_ORIGINAL_BYTES = 256L * 1024 * 1024;

    private static final Set<String> INLINE_TYPES =
            Set.of("application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp", "image/tiff");

    private final ClientConfig client;
    private final TaxonomyReference schedule;
    private final BlobRoots blobRoots;
    private final ReviewDecider decider;
    private final CachedSnapshot<ReviewSnapshot> data;

    ReviewHandlers(
            ClientConfig client,
            TaxonomyReference schedule,
            BlobRoots blobRoots,
            ReviewDecider decider,
            CachedSnapshot<ReviewSnapshot> data) {
        this.client = client;
        this.schedule = schedule;
        this.blobRoots = blobRoots;
        this.decider = decider;
        this.data = data;
    }

    private ReviewSnapshot snapshot() {
        return data.get();
    }

    /** The records awaiting review, newest first. */
    private static List<EnrichedRecord> newestFirst(ReviewSnapshot data) {
        List<EnrichedRecord> open = new ArrayList<>(data.queue().open());
        Collections.reverse(open);
        return open;
    }

    Response queue(Request request, Matcher match) {
        return Response.ok(
                QueuePage.render(request.requireSession(), newestFirst(snapshot()), QueueFilter.from(request)));
    }

    Response record(Request request, Matcher match) {
        Session session = request.requireSession();
        String id = PathSegment.decode(match.group(1));
        ReviewSnapshot data = snapshot();
        Optional<EnrichedRecord> latest = data.queue().latest(id);
        if (latest.isEmpty()) {
            return notFound(session, id);
        }
        String decided = request.query("decided");
        Optional<String> notice = decided.isEmpty()
                ? Optional.empty()
                : Optional.of("Decision for " + decided + " recorded: " + request.query("code")
                        + ", written with its audit event in one transaction.");
        RecordPage.Context context = new RecordPage.Context(
                RecordHistory.read(client, new ConsoleScanReporter(), id),
                schedule.categories(),
                originalProblem(latest.get(), session),
                latest.get().getNeedsReview() && isOpen(data, id),
                nextInQueue(data, id),
                notice);
        Response page = Response.ok(RecordPage.render(session, latest.get(), context));
        return RecordPage.framesOriginal(latest.get(), context) ? page.embeddingOriginals() : page;
    }

    Response decide(Request request, Matcher match) {
        Session session = request.requireSession();
        String id = PathSegment.decode(match.group(1));
        // a decision is checked against the topics as they are now, never against a cached read
        ReviewSnapshot data = this.data.fresh();
        Optional<EnrichedRecord> latest = data.queue().latest(id);
        if (latest.isEmpty()) {
            return notFound(session, id);
        }
        if (!isOpen(data, id)) {
            return Response.html(
                    409,
                    Layout.error(
                            409,
                            "Already decided",
                            "Record " + id + " no longer awaits review"
                                    + Optional.ofNullable(
                                                    latest.get().getProvenance().getDecidedBy())
                                            .map(by -> " (decided by " + by + ")")
                                            .orElse("")
                                    + "; reload the queue.",
                            Optional.of(session)));
        }
        String code = "accept".equals(request.form("action"))
                ? latest.get().getClassification().getCode()
                : request.form("category").trim();
        if (code.isEmpty()) {
            return Response.html(
                    400,
                    Layout.error(
                            400,
                            "No category chosen",
                            "Pick a schedule item, or accept the model's.",
                            Optional.of(session)));
        }
        ReviewDecider.Written written;
        try {
            written = decider.decide(
                    data,
                    Optional.of(schedule),
                    true,
                    id,
                    new HumanDecision(code, session.user(), request.form("note")));
        } catch (ReviewDecider.RefusedDecision e) {
            return Response.html(409, Layout.error(409, "Decision refused", e.getMessage(), Optional.of(session)));
        } finally {
            this.data.invalidate();
        }
        String query = "?decided=" + encode(id) + "&code="
                + encode(written.decided().getClassification().getCode());
        return Response.redirect(nextInQueue(data, id)
                .map(n -> "/records/" + PathSegment.encode(n) + query)
                .orElse("/queue" + query));
    }

    Response original(Request request, Matcher match) throws IOException {
        Session session = request.requireSession();
        String id = PathSegment.decode(match.group(1));
        Optional<EnrichedRecord> latest = snapshot().queue().latest(id);
        if (latest.isEmpty()) {
            return notFound(session, id);
        }
        Optional<String> problem = originalProblem(latest.get(), session);
        if (problem.isPresent() && mayNotSeeValues(latest.get(), session)) {
            return Response.html(403, Layout.error(403, "Original not shown", problem.get(), Optional.of(session)));
        }
        if (problem.isPresent()) {
            return Response.html(404, Layout.error(404, "Original not available", problem.get(), Optional.of(session)));
        }
        var rec = latest.get().getRecord();
        BlobRoots.Location location;
        try {
            location = blobRoots.locate("contentUri", rec.getContentUri());
        } catch (RefusedUriException | NoSuchFileException e) {
            return Response.html(
                    404, Layout.error(404, "Original not available", e.getMessage(), Optional.of(session)));
        }
        byte[] bytes = Files.readAllBytes(location.file());
        if (!sha256(bytes).equalsIgnoreCase(rec.getSha256())) {
            return Response.html(
                    409,
                    Layout.error(
                            409,
                            "Original changed",
                            "The stored original of " + id + " at " + location.file() + " no longer has the SHA-256 "
                                    + "recorded at ingest; it is not served.",
                            Optional.of(session)));
        }
        boolean inline = "1".equals(request.query("inline")) && INLINE_TYPES.contains(rec.getMediaType());
        String name = Optional.ofNullable(rec.getFileName()).orElse(id).replaceAll("[^A-Za-z0-9._-]", "_");
        Response answer = Response.bytes(inline ? rec.getMediaType() : "application/octet-stream", bytes)
                .with("Content-Disposition", (inline ? "inline" : "attachment") + "; filename=\"" + name + "\"");
        return inline && "application/pdf".equals(rec.getMediaType()) ? answer.framableByOwnPages() : answer;
    }

    /**
     * Why the original of {@code r} cannot be served to {@code session}, or empty when it can. An original with
     * sensitivity findings shows their values, which a viewer may not see in the text either.
     */
    private Optional<String> originalProblem(EnrichedRecord r, Session session) {
        if (mayNotSeeValues(r, session)) {
            return Optional.of("it holds sensitive content (PII, CUI or other findings), whose values the "
                    + session.role().label() + " role may not see; a reviewer or operator can open it");
        }
        var rec = r.getRecord();
        try {
            BlobRoots.Location location = blobRoots.locate("contentUri", rec.getContentUri());
            if (location.embedded()) {
                return Optional.of(
                        "it is embedded in a container (" + location.embeddedPath() + "); open the container's record");
            }
            if (Files.size(location.file()) > MAX_ORIGINAL_BYTES) {
                return Optional.of("larger than the console serves (" + MAX_ORIGINAL_BYTES / (1024 * 1024) + " MB)");
            }
            return Optional.empty();
        } catch (RefusedUriException e) {
            return Optional.of(e.getMessage() + " (console.blob.roots)");
        } catch (IOException e) {
            return Optional.of(
                    "no file at " + rec.getContentUri() + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Whether {@code r}'s original shows sensitive values {@code session}'s role may not see. */
    private static boolean mayNotSeeValues(EnrichedRecord r, Session session) {
        var sensitivity = r.getSensitivity();
        boolean sensitive = sensitivity.getPii()
                || sensitivity.getCui()
                || !sensitivity.getFlags().isEmpty();
        return sensitive && !session.role().allows(Role.REVIEWER);
    }

    private static boolean isOpen(ReviewSnapshot data, String id) {
        return data.queue().open().stream().anyMatch(r -> r.getRecordId().equals(id));
    }

    /** The record after {@code id} in the queue's newest-first order, or the first other one. */
    private static Optional<String> nextInQueue(ReviewSnapshot data, String id) {
        List<String> ids =
                newestFirst(data).stream().map(EnrichedRecord::getRecordId).toList();
        int at = ids.indexOf(id);
        for (int i = 1; i <= ids.size(); i++) {
            String candidate = ids.get(Math.floorMod(at + i, ids.size()));
            if (!candidate.equals(id)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static Response notFound(Session session, String id) {
        return Response.html(
                404,
                Layout.error(
                        404,
                        "No such record",
                        "No enrichment of record " + id + " was found on the review or enriched topics.",
                        Optional.of(session)));
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JDK", e);
        }
    }
}
