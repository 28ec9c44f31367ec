package io.recordflow.app.cli.review;

import io.recordflow.app.audit.Actors;
import io.recordflow.app.cli.ClusterOptions;
import io.recordflow.app.cli.ExitCode;
import io.recordflow.app.cli.ScanReporter;
import io.recordflow.app.cli.VersionProvider;
import io.recordflow.app.kafka.OperatorProducer;
import io.recordflow.app.review.HumanDecision;
import io.recordflow.records.EnrichedRecord;
import io.recordflow.topics.Topics;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code recordflow review decide ID --category CODE}: writes the human decision as a new enrichment (provider
 * {@code human}) to records.enriched.v1 and an audit event to records.audit.v1.
 */
@Command(name = "decide", mixinStandardHelpOptions = true,
        description = "Record a human category decision for a record; it becomes an enrichment with provider 'human'.")
public final class ReviewDecideCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ClusterOptions cluster;

    @Parameters(paramLabel = "RECORD_ID", description = "The record to decide (first column of 'review list').")
    private String recordId;

    @Option(names = "--category", paramLabel = "CODE", required = true, description = "Taxonomy code, e.g. GRS-1.1-010.")
    private String category;

    @Option(names = "--note", paramLabel = "TEXT", description = "Why; kept in the enrichment and the audit event.")
    private String note;

    @Option(names = "--reviewer", paramLabel = "NAME", description = "Who decides (default: $USER).")
    private String reviewer;

    @Option(names = "--require-known-category",
            description = "Refuse a code that no enrichment in the data uses (protects against typos).")
    private boolean requireKnown;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        HumanDecision decision = new HumanDecision(category, reviewer != null ? reviewer : Actors.currentUser(), note);
        ReviewCommand.ReviewData data = ReviewCommand.read(cluster.clientConfig(), new ScanReporter(err));
        Optional<EnrichedRecord> previous = data.queue().latest(recordId);
        if (previous.isEmpty()) {
            err.println("recordflow review decide: no enrichment of record " + recordId + " on "
                    + Topics.REVIEW.name() + " or " + Topics.ENRICHED.name());
            return ExitCode.DATA_ERROR;
        }
        if (!data.catalog().contains(decision.code())) {
            // No taxonomy file can be loaded by this build; the codes seen in the data are the only reference.
            String message = "category " + decision.code() + " is not used by any enrichment in the data (known: "
                    + data.catalog().codes() + ")";
            if (requireKnown) {
                err.println("recordflow review decide: " + message);
                return ExitCode.DATA_ERROR;
            }
            err.println("warning: " + message + "; accepted unchecked, its label is the code itself");
        }
        EnrichedRecord decided = decision.apply(previous.get(), data.catalog(), VersionProvider.recordflowVersion(), Instant.now());
        try (OperatorProducer producer = new OperatorProducer(cluster.clientConfig(), "recordflow-review")) {
            RecordMetadata written = producer.send(Topics.ENRICHED, recordId, decided);
            String position = written.topic() + "-" + written.partition() + "@" + written.offset();
            producer.audit(recordId, HumanDecision.AUDIT_STEP, "human:" + decision.reviewer(),
                    decision.auditDetail(previous.get(), position));
            out.println("decided " + recordId + ": " + previous.get().getClassification().getCode() + " ("
                    + previous.get().getClassification().getConfidence() + ", " + previous.get().getProvenance().getProvider()
                    + ") -> " + decided.getClassification().getCode() + " \"" + decided.getClassification().getLabel()
                    + "\" by " + decision.reviewer() + "; written to " + position + ", audited on " + Topics.AUDIT.name());
        }
        out.flush();
        return ExitCode.OK;
    }
}
