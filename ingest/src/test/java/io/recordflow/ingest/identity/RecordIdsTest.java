package io.recordflow.ingest.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecordIdsTest {

    private static final String SHA = "a".repeat(64);

    @Test
    void shouldDeriveTheSameIdFromTheSameSourceAndContent() {
        assertThat(RecordIds.forContent("share", SHA))
                .isEqualTo(RecordIds.forContent("share", SHA))
                .hasSize(32);
    }

    @Test
    void shouldDeriveDifferentIdsForDifferentSourcesOrContent() {
        assertThat(RecordIds.forContent("share", SHA))
                .isNotEqualTo(RecordIds.forContent("mail", SHA))
                .isNotEqualTo(RecordIds.forContent("share", "b".repeat(64)));
    }

    @Test
    void shouldDistinguishTheSameAttachmentInTwoParents() {
        assertThat(RecordIds.forEmbedded("parent-1", "/a.txt", SHA))
                .isNotEqualTo(RecordIds.forEmbedded("parent-2", "/a.txt", SHA));
    }
}
