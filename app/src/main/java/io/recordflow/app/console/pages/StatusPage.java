package io.recordflow.app.console.pages;

import io.recordflow.app.console.PipelineActivity;
import io.recordflow.app.console.auth.Sessions.Session;
import io.recordflow.app.console.http.Html;
import io.recordflow.app.status.ClusterStatus.GroupLag;
import io.recordflow.app.status.ClusterStatus.TopicInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Pipeline status: the facts {@code recordflow status} prints, plus charts of the last hours. */
public final class StatusPage {

    /** What {@code recordflow status} reports. */
    public record Facts(
            String cluster,
            List<TopicInfo> topics,
            List<GroupLag> lags,
            String awaitingReview,
            String deadLetters,
            String model,
            String inFlight,
            String registry) {}

    private StatusPage() {}

    public static Html render(Session session, Facts facts, PipelineActivity activity) {
        List<Html> topics = new ArrayList<>();
        for (TopicInfo t : facts.topics()) {
            topics.add(Html.of(
                    "<tr><td class=\"mono\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                    t.name(),
                    t.exists() ? t.partitions() : "missing",
                    t.exists() ? t.endOffsets() : "—",
                    t.exists() ? t.retained() : "—"));
        }
        List<Html> lags = new ArrayList<>();
        for (GroupLag l : facts.lags()) {
            lags.add(Html.of(
                    "<tr><td class=\"mono\">{}</td><td>{}</td><td class=\"mono\">{}</td><td class=\"num\">{}</td><td class=\"num {}\">{}</td></tr>",
                    l.group(),
                    l.stage(),
                    l.topic(),
                    l.partitions(),
                    l.lag() > 0 ? "warn" : "",
                    l.lag()));
        }
        Html content = Html.of(
                """
                <div class="page-head"><div><h1>Pipeline status</h1><p class="muted">{}</p></div></div>
                <div class="tiles"><div class="tile"><span>Awaiting review</span><b id="tile-review">{}</b></div>
                <div class="tile"><span>Dead letters</span><b id="tile-dlq">{}</b></div>
                <div class="tile wide"><span>Model in use</span><b class="small-b" id="tile-model">{}</b></div>
                <div class="tile wide"><span>In-flight LLM calls</span><b class="small-b">{}</b></div>
                <div class="tile wide"><span>Schema registry</span><b class="small-b" id="tile-registry">{}</b></div></div>
                <h2 class="section">Last {} hours</h2>
                <div class="charts">{}{}{}{}</div>
                <div class="charts">{}</div>
                <div class="two"><section class="card"><h2>Topics</h2><table class="grid compact" id="topics"><thead><tr><th>Topic</th><th class="num">Partitions</th><th class="num">End offsets</th><th class="num">Retained</th></tr></thead><tbody>{}</tbody></table></section>
                <section class="card"><h2>Consumer lag by stage</h2>{}</section></div>""",
                facts.cluster(),
                facts.awaitingReview(),
                facts.deadLetters(),
                facts.model(),
                facts.inFlight(),
                facts.registry(),
                activity.minutes() / 60,
                Charts.perMinute("chart-ingested", "Ingested", activity.ingested(), activity.start(), "blue"),
                Charts.perMinute("chart-enriched", "Enriched", activity.enriched(), activity.start(), "green"),
                Charts.perMinute("chart-decided", "Review decisions", activity.decided(), activity.start(), "violet"),
                Charts.perMinute("chart-dlq", "Dead letters", activity.deadLettered(), activity.start(), "red"),
                Charts.distribution("chart-categories", "Category distribution", activity.categories()),
                topics,
                lags.isEmpty()
                        ? Html.of("<p class=\"muted\">No consumer group has committed offsets on records.* topics.</p>")
                        : Html.of(
                                "<table class=\"grid compact\" id=\"lag\"><thead><tr><th>Group</th><th>Stage</th><th>Topic</th><th class=\"num\">Partitions</th><th class=\"num\">Lag</th></tr></thead><tbody>{}</tbody></table>",
                                lags));
        return Layout.page("Pipeline status", Optional.of(session), Layout.Section.STATUS, content);
    }
}
