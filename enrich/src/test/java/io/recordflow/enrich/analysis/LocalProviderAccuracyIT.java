package io.recordflow.enrich.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.recordflow.enrich.llm.local.LocalEmbeddings;
import io.recordflow.enrich.taxonomy.Taxonomy;
import io.recordflow.enrich.taxonomy.TaxonomyLoader;
import io.recordflow.records.AgencyRecord;
import io.recordflow.records.Modality;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offline default (in-process MiniLM) against a labelled set of synthetic agency documents:
 * contracts, IT incidents, personnel actions, FOIA requests, budget and correspondence.
 */
class LocalProviderAccuracyIT {
    private static final Logger LOG = LoggerFactory.getLogger(LocalProviderAccuracyIT.class);

    private static final double REVIEW_THRESHOLD =
            new io.recordflow.enrich.config.EnrichConfig(Map.of(), Map.of()).confidenceThreshold();

    private record Labelled(String file, String expected) {}

    @Test
    void shouldClassifyAtLeastEightyPercentOfLabelledDocumentsOffline() throws Exception {
        Taxonomy taxonomy = TaxonomyLoader.loadDefault();
        LocalAnalyzer analyzer = new LocalAnalyzer(new LocalEmbeddings(), taxonomy);
        List<Labelled> labelled = manifest();
        int correct = 0;
        List<String> misses = new ArrayList<>();
        for (Labelled doc : labelled) {
            String text = resource(doc.file());
            Analysis analysis = analyzer.analyze(record(doc.file(), text));
            String got = analysis.classification().classification().code();
            LOG.info(
                    "{} expected {} got {} (confidence {})",
                    doc.file(),
                    doc.expected(),
                    got,
                    analysis.classification().classification().confidence());
            assertThat(analysis.summary().summary()).isNotBlank();
            double confidence = analysis.classification().classification().confidence();
            if (got.equals(doc.expected())) {
                correct++;
            } else {
                // A miss below the review threshold still reaches a human; one above it would not.
                misses.add(
                        doc.file() + " -> " + got + (confidence < REVIEW_THRESHOLD ? " (to review)" : " (unnoticed)"));
            }
        }
        double accuracy = (double) correct / labelled.size();
        String report = String.format(
                Locale.ROOT,
                "local provider accuracy: %d/%d = %.1f%% (misses: %s)",
                correct,
                labelled.size(),
                accuracy * 100,
                misses);
        LOG.info(report);
        System.out.println(report);
        assertThat(analyzer.info().provider()).isEqualTo("local");
        assertThat(analyzer.info().modelDigest()).matches("sha256:[0-9a-f]{64}");
        assertThat(accuracy).as(report).isGreaterThanOrEqualTo(0.8);
    }

    private static AgencyRecord record(String id, String text) {
        return AgencyRecord.newBuilder()
                .setRecordId(id)
                .setSourceUri("test:" + id)
                .setIngestedAt(Instant.now())
                .setModality(Modality.DOCUMENT)
                .setMediaType("text/plain")
                .setSizeBytes(text.length())
                .setSha256(PromptHash.sha256(text))
                .setContentUri("test:" + id)
                .setText(text)
                .build();
    }

    private static List<Labelled> manifest() throws IOException {
        List<Labelled> docs = new ArrayList<>();
        for (String line : resource("manifest.csv").split("\n")) {
            String[] cells = line.split(",");
            if (cells.length == 2 && !"file".equals(cells[0])) {
                docs.add(new Labelled(cells[0].strip(), cells[1].strip()));
            }
        }
        return docs;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = LocalProviderAccuracyIT.class.getResourceAsStream("/labelled/" + name)) {
            if (in == null) {
                throw new IOException("missing test resource /labelled/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
