package io.recordflow.app.console.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PathSegmentTest {

    @Test
    void shouldEncodeEveryCharacterThatWouldEndOrSplitASegmentAndDecodeItBack() {
        String id = "rec 2026/03?x=1#p%20ü+1";

        String encoded = PathSegment.encode(id);

        assertThat(encoded).isEqualTo("rec%202026%2F03%3Fx%3D1%23p%2520%C3%BC%2B1");
        assertThat(PathSegment.decode(encoded)).isEqualTo(id);
    }

    @Test
    void shouldKeepAPlusSignInAPathAsAPlusSign() {
        assertThat(PathSegment.decode("a+b")).isEqualTo("a+b");
    }
}
