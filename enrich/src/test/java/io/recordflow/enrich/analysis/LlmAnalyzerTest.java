package io.recordflow.enrich.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.recordflow.blob.BlobRoots;
import io.recordflow.enrich.summarize.TokenBudget;
import io.recordflow.enrich.taxonomy.TaxonomyLoader;
import io.recordflow.enrich.testing.FakeLlmProvider;
import io.recordflow.records.AgencyRecord;
import io.recordflow.records.Modality;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LlmAnalyzerTest {

    private static AgencyRecord record(String text) {
        return AgencyRecord.newBuilder()
                .setRecordId("r")
                .setSourceUri("test:r")
                .setIngestedAt(Instant.EPOCH)
                .setModality(Modality.DOCUMENT)
                .setMediaType("text/plain")
                .setSizeBytes(text.length())
                .setSha256(PromptHash.sha256(text))
                .setContentUri("test:r")
                .setText(text)
                .build();
    }

    @Test
    void shouldClassifyLongDocumentFromSummaryAndOpeningWithinNumCtx() throws Exception {
        FakeLlmProvider provider = new FakeLlmProvider();
        String text = "Security incident report on a phishing campaign. "
                + "The SOC reviewed the mail gateway logs. ".repeat(600);

        Analysis analysis = new LlmAnalyzer(provider, TaxonomyLoader.loadDefault(), 4096, 2, ImageLoader.disabled())
                .analyze(record(text));

        assertThat(analysis.chunked()).isTrue();
        assertThat(analysis.summary().chunks()).isGreaterThan(1);
        assertThat(analysis.classification().classification().code()).isEqualTo("GRS-3.2-020");
        String classified = FakeLlmProvider.documentOf(
                provider.requests().get(provider.requests().size() - 1));
        assertThat(classified).startsWith("Summary of the whole record:");
        assertThat(classified.length()).isLessThanOrEqualTo(new TokenBudget(4096).maxDocumentChars());
        assertThat(analysis.tokensIn()).isGreaterThan(text.length() / 4);
    }

    @Test
    void shouldAnalyseFullTextFromBlobStoreWhenIngestTruncatedIt(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        String full =
                "FOIA request for all contracts. " + "Please include every modification and invoice. ".repeat(500);
        java.nio.file.Path blob = dir.resolve("full.txt");
        java.nio.file.Files.writeString(blob, full);
        AgencyRecord truncated = AgencyRecord.newBuilder(record(full.substring(0, 1000)))
                .setTextTruncated(true)
                .setTextLength(full.length())
                .setFullTextUri(blob.toUri().toString())
                .build();
        FakeLlmProvider provider = new FakeLlmProvider();

        Analysis analysis = analyze(
                new LlmAnalyzer(provider, TaxonomyLoader.loadDefault(), 4096, 2, ImageLoader.disabled()),
                BlobRoots.of(dir),
                truncated);

        assertThat(analysis.textOrigin()).isEqualTo("full-text");
        assertThat(analysis.inputSha256()).isEqualTo(PromptHash.sha256(full));
        assertThat(analysis.chunked()).isTrue();
        assertThat(provider.requests().stream()
                        .mapToInt(r -> FakeLlmProvider.documentOf(r).length())
                        .sum())
                .isGreaterThan(full.length() - 1000);
    }

    @Test
    void shouldFallBackToTruncatedTextWhenFullTextIsMissing() throws Exception {
        AgencyRecord truncated = AgencyRecord.newBuilder(record("Budget request for 2026."))
                .setTextTruncated(true)
                .setFullTextUri("file:///nonexistent/blob.txt")
                .build();

        Analysis analysis = analyze(
                new LlmAnalyzer(new FakeLlmProvider(), TaxonomyLoader.loadDefault(), 4096, 2, ImageLoader.disabled()),
                BlobRoots.of(java.nio.file.Path.of("/nonexistent")),
                truncated);

        assertThat(analysis.textOrigin()).isEqualTo("truncated");
        assertThat(analysis.classification().classification().code()).isEqualTo("GRS-1.3-010");
    }

    private static Analysis analyze(LlmAnalyzer analyzer, BlobRoots roots, AgencyRecord record) throws Exception {
        return analyzer.analyze(record, new TextSource(roots).read(record));
    }

    @Test
    void shouldHashPromptTemplatesStably() {
        var analyzer =
                new LlmAnalyzer(new FakeLlmProvider(), TaxonomyLoader.loadDefault(), 8192, 2, ImageLoader.disabled());

        assertThat(analyzer.promptSha256())
                .matches("[0-9a-f]{64}")
                .isEqualTo(new LlmAnalyzer(
                                new FakeLlmProvider(), TaxonomyLoader.loadDefault(), 4096, 0, ImageLoader.disabled())
                        .promptSha256());
        assertThat(analyzer.promptVersion()).isEqualTo("one-call-v1+classify-v1+summary-v1");
    }
}
