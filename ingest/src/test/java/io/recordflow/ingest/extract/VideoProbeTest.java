package io.recordflow.ingest.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recordflow.records.AgencyRecord;
import io.recordflow.records.Modality;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The probe reads untrusted files in the parent process: bad input must cost the probed facts, never the record. */
class VideoProbeTest {

    @TempDir
    Path dir;

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = VideoProbeTest.class.getResourceAsStream("/io/recordflow/ingest/corpus/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void shouldReadCodecDimensionsFrameRateAndDuration() throws Exception {
        VideoProbe.Facts mp4 = VideoProbe.mp4(Files.write(dir.resolve("a.mp4"), fixture("walkthrough.mp4")));
        assertThat(mp4).isEqualTo(new VideoProbe.Facts(2_000L, 160, 120, "H.264/AVC (avc1)", "AAC (mp4a)", 10.0, true));
        VideoProbe.Facts mov = VideoProbe.mp4(Files.write(dir.resolve("b.mov"), fixture("lobby.mov")));
        assertThat(mov).isEqualTo(new VideoProbe.Facts(3_000L, 176, 144, "MPEG-4 Visual (mp4v)", null, 5.0, true));
    }

    @Test
    void shouldSayNotWellFormedWhenTheFileIsCutShort() throws Exception {
        byte[] mp4 = fixture("walkthrough.mp4");
        Path cut = Files.write(dir.resolve("cut.mp4"), Arrays.copyOf(mp4, mp4.length - 100));
        try {
            assertThat(VideoProbe.mp4(cut).wellFormed()).isFalse();
        } catch (IOException e) {
            assertThat(e).hasMessageContaining("moov"); // moov is last in ffmpeg's output: cut off with the tail
        }
    }

    @Test
    void shouldRejectGarbageWithoutReadingHugeSizes() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(64);
        b.putInt(1).put("moov".getBytes()).putLong(Long.MAX_VALUE); // 64-bit size far past the end
        Path bogus = Files.write(dir.resolve("bogus.mp4"), b.array());
        assertThatThrownBy(() -> VideoProbe.mp4(bogus)).isInstanceOf(IOException.class);
        ByteBuffer nested = ByteBuffer.allocate(40);
        nested.putInt(40).put("moov".getBytes()).putInt(0x7fffffff).put("trak".getBytes()); // child larger than parent
        VideoProbe.Facts facts = VideoProbe.mp4(Files.write(dir.resolve("nested.mp4"), nested.array()));
        assertThat(facts.videoCodec()).isNull();
    }

    @Test
    void shouldKeepTheRecordWhenTheHeaderIsUnreadable() throws Exception {
        byte[] mp4 = fixture("walkthrough.mp4");
        Path cut = Files.write(dir.resolve("cut.mp4"), Arrays.copyOf(mp4, mp4.length / 2));
        Extraction e = new ExtractionHarness(dir, ExtractionHarness.noOcr(), 100_000).extract(cut);
        assertThat(e.records()).singleElement().satisfies((AgencyRecord r) -> {
            assertThat(r.getModality()).isEqualTo(Modality.VIDEO);
            assertThat(r.getExtractionWarnings()).anyMatch(w -> w.startsWith("video header could not be read"));
        });
    }
}
