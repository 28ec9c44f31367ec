package io.recordflow.enrich.classify;

import io.recordflow.enrich.llm.LlmException;
import io.recordflow.enrich.llm.local.LocalEmbeddings;
import io.recordflow.enrich.taxonomy.Taxonomy;
import io.recordflow.enrich.taxonomy.TaxonomyCategory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Zero-shot classification with the offline embedding model: the document is compared with each
 * category's description and examples; the best match wins and a softmax over the category scores gives
 * the confidence. No training data is needed beyond the taxonomy itself.
 */
public final class EmbeddingClassifier {
    /** The model reads at most 256 word pieces at a time; the opening of a record carries its subject. */
    static final int MAX_CHARS = 1_500;
    /** Softmax temperature over cosine similarities, which sit close together for this model. */
    private static final double TEMPERATURE = 0.04;

    private final LocalEmbeddings embeddings;
    private final Taxonomy taxonomy;
    private final List<List<float[]>> prototypes = new ArrayList<>();

    public EmbeddingClassifier(LocalEmbeddings embeddings, Taxonomy taxonomy) throws LlmException {
        this.embeddings = embeddings;
        this.taxonomy = taxonomy;
        for (TaxonomyCategory category : taxonomy.categories()) {
            List<String> texts = new ArrayList<>();
            texts.add(category.title() + ". " + category.description());
            category.examples().forEach(texts::add);
            prototypes.add(embeddings.embed(texts));
        }
    }

    public ClassificationOutcome classify(String text) throws LlmException {
        String head = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
        float[] document = embeddings.embed(head.isBlank() ? "(empty document)" : head);
        List<TaxonomyCategory> categories = taxonomy.categories();
        double[] scores = new double[categories.size()];
        for (int i = 0; i < scores.length; i++) {
            // Description match and best example match count equally: descriptions are broad, examples concrete.
            double description =
                    LocalEmbeddings.cosine(document, prototypes.get(i).get(0));
            double example = prototypes.get(i).stream()
                    .skip(1)
                    .mapToDouble(p -> LocalEmbeddings.cosine(document, p))
                    .max()
                    .orElse(description);
            scores[i] = (description + example) / 2;
        }
        double[] probabilities = softmax(scores);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingDouble((Integer i) -> probabilities[i]).reversed());
        TaxonomyCategory best = categories.get(order.get(0));
        List<ModelClassification.Alternative> alternatives = order.stream()
                .skip(1)
                .limit(2)
                .map(i -> new ModelClassification.Alternative(categories.get(i).code(), round(probabilities[i])))
                .toList();
        String rationale = String.format(
                Locale.ROOT,
                "Closest schedule description and examples by sentence-embedding similarity (cosine %.3f).",
                scores[order.get(0)]);
        ModelClassification result = new ModelClassification(
                best.code(), round(probabilities[order.get(0)]), rationale, alternatives, false, List.of(), false);
        return new ClassificationOutcome(result, List.of(), 0, null, null, 0);
    }

    private static double[] softmax(double[] scores) {
        double max = Arrays.stream(scores).max().orElse(0);
        double[] exp = new double[scores.length];
        double sum = 0;
        for (int i = 0; i < scores.length; i++) {
            exp[i] = Math.exp((scores[i] - max) / TEMPERATURE);
            sum += exp[i];
        }
        for (int i = 0; i < exp.length; i++) {
            exp[i] /= sum;
        }
        return exp;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
