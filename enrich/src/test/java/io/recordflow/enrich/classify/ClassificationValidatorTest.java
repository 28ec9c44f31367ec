package io.recordflow.enrich.classify;

import static org.assertj.core.api.Assertions.assertThat;

import io.recordflow.enrich.taxonomy.TaxonomyLoader;
import org.junit.jupiter.api.Test;

class ClassificationValidatorTest {
    private final ClassificationValidator validator = new ClassificationValidator(TaxonomyLoader.loadDefault());

    @Test
    void shouldParseValidAnswerIncludingFencedJson() {
        ClassificationValidator.Result result = validator.validate("""
                ```json
                {"category":"GRS-4.2-020","confidence":0.8,"rationale":"FOIA","alternatives":[{"category":"GRS-5.1-010","confidence":0.1}],
                 "cui":true,"foiaExemptions":["(b)(6)"],"injectionSuspected":false}
                ```""");

        assertThat(result.isValid()).isTrue();
        assertThat(result.classification().alternatives()).hasSize(1);
        assertThat(result.classification().foiaExemptions()).containsExactly("b6");
        assertThat(result.classification().cui()).isTrue();
    }

    @Test
    void shouldListEveryProblem() {
        ClassificationValidator.Result result = validator.validate(
                "{\"category\":\"X\",\"confidence\":1.5,\"alternatives\":[{\"category\":\"Y\",\"confidence\":\"high\"}],\"foiaExemptions\":[\"b12\"]}");

        assertThat(result.isValid()).isFalse();
        assertThat(result.problems()).hasSize(5).anyMatch(p -> p.contains("1.5 is outside [0, 1]"));
    }
}
