package io.recordflow.ingest.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import io.recordflow.records.AudioMetadata;
import io.recordflow.records.VideoMetadata;

/**
 * What the mixed corpus's audio and video fixtures must yield, asserted alike by the in-process extraction test and
 * the forked-extraction IT, so both modes are held to one expectation.
 */
public final class CorpusExpectations {

    private CorpusExpectations() {}

    public static void councilOgg(AudioMetadata a) {
        assertThat(a.getDurationMillis()).isEqualTo(3_000L);
        assertThat(a.getSampleRate()).isEqualTo(22_050);
        assertThat(a.getChannels()).isEqualTo(2);
        assertThat(a.getCodec()).isEqualTo("Vorbis");
        assertThat(a.getTrackTitle()).isEqualTo("Council Session");
        assertThat(a.getArtist()).isEqualTo("City Clerk");
        assertThat(a.getAlbum()).isEqualTo("Sessions 2023");
        assertThat(a.getGenre()).isEqualTo("Speech");
        assertThat(a.getRecordingYear()).isEqualTo("2023");
        assertThat(a.getComment()).isEqualTo("RecordFlow fixture");
    }

    public static void dispatchOpus(AudioMetadata a) {
        assertThat(a.getDurationMillis()).isEqualTo(2_500L);
        assertThat(a.getSampleRate()).isEqualTo(48_000);
        assertThat(a.getChannels()).isEqualTo(1);
        assertThat(a.getCodec()).isEqualTo("Opus");
        assertThat(a.getTrackTitle()).isEqualTo("Radio Log");
        assertThat(a.getArtist()).isEqualTo("Dispatch Desk");
    }

    public static void walkthroughMp4(VideoMetadata v) {
        assertThat(v.getDurationMillis()).isEqualTo(2_000L);
        assertThat(v.getWidth()).isEqualTo(160);
        assertThat(v.getHeight()).isEqualTo(120);
        assertThat(v.getCodec()).isEqualTo("H.264/AVC (avc1)");
        assertThat(v.getFrameRate()).isEqualTo(10.0);
    }

    public static void lobbyMov(VideoMetadata v) {
        assertThat(v.getDurationMillis()).isEqualTo(3_000L);
        assertThat(v.getWidth()).isEqualTo(176);
        assertThat(v.getHeight()).isEqualTo(144);
        assertThat(v.getCodec()).isEqualTo("MPEG-4 Visual (mp4v)");
        assertThat(v.getFrameRate()).isEqualTo(5.0);
    }
}
