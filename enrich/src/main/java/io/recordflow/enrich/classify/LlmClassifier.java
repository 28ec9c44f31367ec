package io.recordflow.enrich.classify;

import io.recordflow.enrich.llm.LlmException;
import io.recordflow.enrich.llm.LlmImage;
import io.recordflow.enrich.llm.LlmProvider;
import io.recordflow.enrich.llm.LlmReply;
import io.recordflow.enrich.llm.LlmRequest;
import io.recordflow.enrich.llm.TokenTally;
import io.recordflow.enrich.summarize.SummaryAnswer;
import io.recordflow.enrich.taxonomy.Taxonomy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Classifies a document with a chat model: the structured prompt, validation of the answer and a bounded
 * number of repair prompts. Invalid answers never become a category; transport failures propagate.
 */
public final class LlmClassifier {
    private static final Logger LOG = LoggerFactory.getLogger(LlmClassifier.class);

    private final LlmProvider provider;
    private final Taxonomy taxonomy;
    private final ClassificationValidator validator;
    private final int repairAttempts;
    private final ClassificationPrompt.Rendered classificationPrompt;
    private final ClassificationPrompt.Rendered combinedPrompt;

    public LlmClassifier(LlmProvider provider, Taxonomy taxonomy, int repairAttempts) {
        this.provider = provider;
        this.taxonomy = taxonomy;
        this.validator = new ClassificationValidator(taxonomy);
        this.repairAttempts = repairAttempts;
        this.classificationPrompt = ClassificationPrompt.rendered(taxonomy);
        this.combinedPrompt = CombinedPrompt.rendered(taxonomy);
    }

    public ClassificationOutcome classify(String recordId, DocumentView document, List<LlmImage> images)
            throws LlmException {
        LlmRequest request = ClassificationPrompt.request(classificationPrompt, document, images);
        TokenTally tally = new TokenTally();
        List<String> problems = List.of();
        for (int attempt = 0; attempt <= repairAttempts; attempt++) {
            LlmReply reply = provider.chat(request);
            tally.add(reply);
            ClassificationValidator.Result result = validator.validate(reply.text());
            if (result.isValid()) {
                return new ClassificationOutcome(
                        result.classification(), List.of(), attempt, tally.in(), tally.out(), tally.calls());
            }
            problems = result.problems();
            logInvalid(recordId, attempt, problems);
            request = request.followUp(reply.text(), ClassificationPrompt.repair(taxonomy, problems));
        }
        return new ClassificationOutcome(null, problems, repairAttempts, tally.in(), tally.out(), tally.calls());
    }

    /**
     * Classifies and summarises a document that fits num_ctx with one call ({@link CombinedPrompt}); an answer whose
     * classification or summary is invalid gets a repair prompt, one more call each. When the attempts run out, the
     * latest valid classification and the latest usable summary are kept, each on its own.
     */
    public CombinedOutcome classifyAndSummarize(String recordId, DocumentView document, List<LlmImage> images)
            throws LlmException {
        LlmRequest request = CombinedPrompt.request(combinedPrompt, document, images);
        TokenTally tally = new TokenTally();
        List<String> problems = List.of();
        ModelClassification classification = null;
        SummaryAnswer summary = null;
        for (int attempt = 0; attempt <= repairAttempts; attempt++) {
            LlmReply reply = provider.chat(request);
            tally.add(reply);
            ClassificationValidator.Result result = validator.validate(reply.text());
            Optional<SummaryAnswer> answered = SummaryAnswer.parse(reply.text());
            classification = result.isValid() ? result.classification() : classification;
            summary = answered.orElse(summary);
            if (result.isValid() && answered.isPresent()) {
                return new CombinedOutcome(
                        new ClassificationOutcome(
                                classification, List.of(), attempt, tally.in(), tally.out(), tally.calls()),
                        summary);
            }
            problems = new ArrayList<>(result.problems());
            if (answered.isEmpty()) {
                problems.add("\"summary\" is missing or empty");
            }
            logInvalid(recordId, attempt, problems);
            request = request.followUp(reply.text(), CombinedPrompt.repair(taxonomy, problems));
        }
        ClassificationOutcome outcome = new ClassificationOutcome(
                classification,
                classification == null ? problems : List.of(),
                repairAttempts,
                tally.in(),
                tally.out(),
                tally.calls());
        return new CombinedOutcome(outcome, summary);
    }

    private void logInvalid(String recordId, int attempt, List<String> problems) {
        // The problems quote the model's answer, which can echo document text: details only at DEBUG.
        LOG.info(
                "record {}: invalid classification answer (attempt {} of {}): {} problem(s)",
                recordId,
                attempt + 1,
                repairAttempts + 1,
                problems.size());
        LOG.debug("record {}: problems with the classification answer: {}", recordId, problems);
    }

    /**
     * What one call and its repairs answered: the classification (its token and call counts cover every request) and
     * the summary, or null when no answer held a usable one.
     */
    public record CombinedOutcome(ClassificationOutcome classification, SummaryAnswer summary) {}
}
