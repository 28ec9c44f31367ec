package io.recordflow.enrich.classify;

import io.recordflow.enrich.llm.LlmException;
import io.recordflow.enrich.llm.LlmImage;
import io.recordflow.enrich.llm.LlmProvider;
import io.recordflow.enrich.llm.LlmReply;
import io.recordflow.enrich.llm.LlmRequest;
import io.recordflow.enrich.llm.TokenTally;
import io.recordflow.enrich.taxonomy.Taxonomy;
import java.util.List;
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

    public LlmClassifier(LlmProvider provider, Taxonomy taxonomy, int repairAttempts) {
        this.provider = provider;
        this.taxonomy = taxonomy;
        this.validator = new ClassificationValidator(taxonomy);
        this.repairAttempts = repairAttempts;
    }

    public ClassificationOutcome classify(String recordId, DocumentView document, List<LlmImage> images)
            throws LlmException {
        LlmRequest request = ClassificationPrompt.request(taxonomy, document, images);
        TokenTally tally = new TokenTally();
        List<String> problems = List.of();
        for (int attempt = 0; attempt <= repairAttempts; attempt++) {
            LlmReply reply = provider.chat(request);
            tally.add(reply);
            ClassificationValidator.Result result = validator.validate(reply.text());
            if (result.isValid()) {
                return new ClassificationOutcome(result.classification(), List.of(), attempt, tally.in(), tally.out());
            }
            problems = result.problems();
            // The problems quote the model's answer, which can echo document text: details only at DEBUG.
            LOG.info(
                    "record {}: invalid classification answer (attempt {} of {}): {} problem(s)",
                    recordId,
                    attempt + 1,
                    repairAttempts + 1,
                    problems.size());
            LOG.debug("record {}: problems with the classification answer: {}", recordId, problems);
            request = request.followUp(reply.text(), ClassificationPrompt.repair(taxonomy, problems));
        }
        return new ClassificationOutcome(null, problems, repairAttempts, tally.in(), tally.out());
    }
}
