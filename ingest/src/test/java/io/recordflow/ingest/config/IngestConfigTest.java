package io.recordflow.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IngestConfigTest {
    private final List<LogEvent> warnings = new CopyOnWriteArrayList<>();
    private final AbstractAppender capture = new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
        @Override
        public void append(LogEvent event) {
            if (event.getLevel() == Level.WARN) {
                warnings.add(event.toImmutable());
            }
        }
    };
    private final Logger logger = (Logger) LogManager.getLogger(IngestConfig.class);

    @BeforeEach
    void captureWarnings() {
        capture.start();
        logger.addAppender(capture);
    }

    @AfterEach
    void stopCapturing() {
        logger.removeAppender(capture);
        capture.stop();
    }

    @Test
    void shouldReadTheBlobRootUnderTheSameKeyAsTheArchiveSink() {
        assertThat(new IngestConfig(Map.of("blob.root", "/data/blobs")).blobRoot())
                .isEqualTo(Path.of("/data/blobs"));
        assertThat(warnings).isEmpty();
    }

    @Test
    void shouldAcceptTheDeprecatedBlobStoreDirWithAWarning() {
        IngestConfig config = new IngestConfig(Map.of(IngestConfig.DEPRECATED_BLOB_DIR, "/old/blobs"));

        assertThat(config.blobRoot()).isEqualTo(Path.of("/old/blobs"));
        assertThat(warnings)
                .singleElement()
                .satisfies(w -> assertThat(w.getMessage().getFormattedMessage())
                        .contains("blob.store.dir is deprecated")
                        .contains("blob.root"));
    }

    @Test
    void shouldPreferBlobRootWhenTheDeprecatedKeyIsGivenToo() {
        IngestConfig config = new IngestConfig(
                Map.of(IngestConfig.BLOB_ROOT, "/new/blobs", IngestConfig.DEPRECATED_BLOB_DIR, "/old/blobs"));

        assertThat(config.blobRoot()).isEqualTo(Path.of("/new/blobs"));
        assertThat(warnings)
                .singleElement()
                .satisfies(w -> assertThat(w.getMessage().getFormattedMessage())
                        .contains("Ignoring deprecated setting blob.store.dir"));
    }
}
