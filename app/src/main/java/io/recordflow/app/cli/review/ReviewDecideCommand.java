package io.recordflow.app.cli.review;

import io.recordflow.app.audit.Actors;
import io.recordflow.app.cli.ClusterOptions;
import io.recordflow.app.cli.ExitCode;
import io.recordflow.app.cli.ScanReporter;
import io.recordflow.app.kafka.OperatorProducer;
import io.recordflow.app.review.CategoryReference;
import io.recordflow.app.review.HumanDecision;
import io.recordflow.app.review.ReviewDecider;
import io.recordflow.app.review.ReviewSnapshot;
import io.recordflow.app.review.TaxonomyReference;
import io.recordflow.enrich.taxonomy.TaxonomyException;
import io.recordflow.records.EnrichedRecord;
import io.recordflow.topics.Topics;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code recordflow review decide ID --category CODE}: writes the human decision as a new enrichment (provider
 * {@code human}) to records.enriched.v1 and its audit event to records.audit.v1, in one transaction
 * ({@link ReviewDecider}).
 */
@Command(
        name = "decide",
        mixinStandardHelpOptions = true,
        description = "Record a human category decision for a record; it becomes an enrichment with provider 'human'.")
public final class ReviewDecideCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ClusterOptions cluster;

    @Parameters(paramLabel = "RECORD_ID", description = "The record to decide (first column of 'review list').")
    private String recordId;

    @Option(
            names = "--category",
            paramLabel = "CODE",
            required = true,
            description = "Taxonomy code, e.g. GRS-1.1-010.")
    private String category;

    @Option(names = "--note", paramLabel = "TEXT", description = "Why; kept in the enrichment and the audit event.")
    private String note;

    @Option(names = "--reviewer", paramLabel = "NAME", description = "Who decides (default: $USER).")
    private String reviewer;

    @Option(
            names = "--taxonomy",
            paramLabel = "FILE|default",
            description = "Records schedule (the enrich service's taxonomy YAML, or 'default' for the shipped NARA GRS "
                    + "schedule) that the code must belong to; label and retention come from it. Without it the code "
                    + "is checked against the categories models chose in the data, with a warning only.")
    private String taxonomy;

    @Option(
            names = "--require-known-category",
            description = "Without --taxonomy: refuse a code that no model enrichment in the data uses.")
    private boolean requireKnown;

    /** The schedule named by --taxonomy, loaded before any topic is read so a bad file fails fast. */
    private Optional<CategoryReference> schedule() {
        if (taxonomy == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(TaxonomyReference.load(taxonomy));
        } catch (TaxonomyException e) {
            throw new ConfigException("--taxonomy", taxonomy, e.getMessage());
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        HumanDecision decision = new HumanDecision(category, reviewer != null ? reviewer : Actors.currentUser(), note);
        Optional<CategoryReference> schedule = schedule();
        ReviewSnapshot data = ReviewSnapshot.read(cluster.clientConfig(), new ScanReporter(err));
        try (OperatorProducer producer = new OperatorProducer(cluster.clientConfig(), "recordflow-review")) {
            ReviewDecider.Written written =
                    new ReviewDecider(producer).decide(data, schedule, requireKnown, recordId, decision);
            written.warning().ifPresent(w -> err.println("warning: " + w));
            EnrichedRecord previous = written.previous();
            out.println("decided " + recordId + ": "
                    + previous.getClassification().getCode() + " ("
                    + previous.getClassification().getConfidence() + ", "
                    + previous.getProvenance().getProvider()
                    + ") -> " + written.decided().getClassification().getCode() + " \""
                    + written.decided().getClassification().getLabel()
                    + "\" by " + decision.reviewer() + "; written to " + written.position() + ", audited on "
                    + Topics.AUDIT.name() + " in the same transaction");
        } catch (ReviewDecider.RefusedDecision e) {
            err.println("recordflow review decide: " + e.getMessage());
            return ExitCode.DATA_ERROR;
        }
        out.flush();
        return ExitCode.OK;
    }
}
