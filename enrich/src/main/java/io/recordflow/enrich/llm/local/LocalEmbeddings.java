package io.recordflow.enrich.llm.local;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.recordflow.enrich.llm.FailureKind;
import io.recordflow.enrich.llm.LlmException;
import io.recordflow.enrich.llm.ProviderInfo;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The offline model: quantized all-MiniLM-L6-v2 (ONNX) running in-process from its Maven jar. It makes
 * sentence embeddings; classification and summaries are built on them by the local analyzer.
 */
public final class LocalEmbeddings {
    public static final String MODEL = "all-minilm-l6-v2-q";
    private static final String MODEL_RESOURCE = "/all-minilm-l6-v2-q.onnx";

    private final EmbeddingModel model;
    private final ProviderInfo info;

    public LocalEmbeddings() {
        this.model = new AllMiniLmL6V2QuantizedEmbeddingModel();
        this.info = new ProviderInfo(
                "local",
                MODEL,
                modelDigest(),
                Map.of(
                        "method",
                        "zero-shot embedding similarity; extractive summary",
                        "runtime",
                        "onnxruntime in-process"));
    }

    public ProviderInfo info() {
        return info;
    }

    /** Unit-length embeddings, one per text, in order. */
    public List<float[]> embed(List<String> texts) throws LlmException {
        try {
            List<Embedding> embeddings = model.embedAll(
                            texts.stream().map(TextSegment::from).toList())
                    .content();
            embeddings.forEach(Embedding::normalize);
            return embeddings.stream().map(Embedding::vector).toList();
        } catch (RuntimeException e) {
            // An in-process model has no server to wait for: a failure here is a defect or bad input.
            throw new LlmException(FailureKind.PERMANENT, "local embedding model failed: " + e, e);
        }
    }

    public float[] embed(String text) throws LlmException {
        return embed(List.of(text)).get(0);
    }

    public static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }

    /** SHA-256 of the ONNX file shipped in the jar, so provenance pins the exact weights. */
    private static String modelDigest() {
        try (InputStream in = AllMiniLmL6V2QuantizedEmbeddingModel.class.getResourceAsStream(MODEL_RESOURCE)) {
            if (in == null) {
                return null;
            }
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                sha.update(buffer, 0, n);
            }
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash the local model " + MODEL_RESOURCE, e);
        }
    }
}
