package io.recordflow.ingest.corpus;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/** Generates small but well-formed audio files with known durations and tags. */
public final class AudioFixtures {

    private AudioFixtures() {}

    /** 16-bit PCM WAV of silence. */
    public static byte[] wav(int sampleRate, int channels, double seconds) throws IOException {
        AudioFormat format = new AudioFormat(sampleRate, 16, channels, true, false);
        long frames = Math.round(sampleRate * seconds);
        byte[] pcm = new byte[(int) (frames * channels * 2)];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AudioSystem.write(
                new AudioInputStream(new ByteArrayInputStream(pcm), format, frames), AudioFileFormat.Type.WAVE, out);
        return out.toByteArray();
    }

    /** FLAC stream: STREAMINFO with the given sample count and a VORBIS_COMMENT block with the tags; no frames. */
    public static byte[] flac(int sampleRate, int channels, int bits, long totalSamples, Map<String, String> tags) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("fLaC".getBytes(StandardCharsets.US_ASCII));
        ByteBuffer info = ByteBuffer.allocate(4 + 34);
        info.putInt(34); // not last, type 0 STREAMINFO, length 34
        info.putShort((short) 4096).putShort((short) 4096);
        info.put(new byte[6]);
        long packed =
                ((long) sampleRate << 44) | ((long) (channels - 1) << 41) | ((long) (bits - 1) << 36) | totalSamples;
        info.putLong(packed);
        info.put(new byte[16]);
        out.writeBytes(info.array());
        ByteArrayOutputStream comments = new ByteArrayOutputStream();
        writeLe(comments, "RecordFlow fixtures");
        comments.writeBytes(le(tags.size()));
        tags.forEach((k, v) -> writeLe(comments, k + "=" + v));
        int len = comments.size();
        out.writeBytes(new byte[] {(byte) 0x84, (byte) (len >> 16), (byte) (len >> 8), (byte) len});
        out.writeBytes(comments.toByteArray());
        return out.toByteArray();
    }

    /** MP3: an ID3v2.3 tag and {@code frames} silent MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz, 26.12 ms each). */
    public static byte[] mp3(String title, String artist, String album, String year, String genre, int frames) {
        ByteArrayOutputStream tagFrames = new ByteArrayOutputStream();
        textFrame(tagFrames, "TIT2", title);
        textFrame(tagFrames, "TPE1", artist);
        textFrame(tagFrames, "TALB", album);
        textFrame(tagFrames, "TYER", year);
        textFrame(tagFrames, "TCON", genre);
        int size = tagFrames.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {
            'I',
            'D',
            '3',
            3,
            0,
            0,
            (byte) ((size >> 21) & 0x7f),
            (byte) ((size >> 14) & 0x7f),
            (byte) ((size >> 7) & 0x7f),
            (byte) (size & 0x7f)
        });
        out.writeBytes(tagFrames.toByteArray());
        byte[] frame = new byte[417];
        frame[0] = (byte) 0xFF;
        frame[1] = (byte) 0xFB;
        frame[2] = (byte) 0x90;
        frame[3] = (byte) 0x00;
        for (int i = 0; i < frames; i++) {
            out.writeBytes(frame);
        }
        return out.toByteArray();
    }

    private static void textFrame(ByteArrayOutputStream out, String id, String text) {
        byte[] body = ("\0" + text).getBytes(StandardCharsets.ISO_8859_1);
        out.writeBytes(id.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(ByteBuffer.allocate(4).putInt(body.length).array());
        out.writeBytes(new byte[2]);
        out.writeBytes(body);
    }

    private static void writeLe(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(le(b.length));
        out.writeBytes(b);
    }

    private static byte[] le(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }
}
