package io.recordflow.ingest.blob;

import static org.assertj.core.api.Assertions.assertThat;

import io.recordflow.ingest.identity.ContentDigest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HashedHeadTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 65_535, 65_536, 65_537, 3 * 65_536, 300_000})
    void shouldKeepAndHashEveryByteOfContentUpToTheLimitWhateverItsChunking(int length) throws Exception {
        byte[] content = new byte[length];
        new Random(length).nextBytes(content);
        MessageDigest digest = ContentDigest.sha256();

        HashedHead head = HashedHead.read(new ByteArrayInputStream(content), 1_000_000, digest);

        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        head.writeTo(copy);
        assertThat(copy.toByteArray()).isEqualTo(content);
        assertThat(head.size()).isEqualTo(length);
        assertThat(ContentDigest.hex(digest)).isEqualTo(ContentDigest.sha256Hex(content));
    }

    @ParameterizedTest
    @ValueSource(ints = {100_000, 131_072})
    void shouldStopSoonAfterTheLimitAndLeaveTheRestInTheStream(int limit) throws Exception {
        byte[] content = new byte[400_000];
        new Random(7).nextBytes(content);
        ByteArrayInputStream in = new ByteArrayInputStream(content);

        HashedHead head = HashedHead.read(in, limit, ContentDigest.sha256());

        assertThat(head.size()).isGreaterThan(limit).isLessThanOrEqualTo(limit + 65_536L);
        assertThat(head.size() + in.available()).isEqualTo(content.length);
    }
}
