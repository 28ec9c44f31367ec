package io.recordflow.ingest.extract;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Reads what Tika leaves out for WAV and FLAC: the duration (frames / sample rate) and, for FLAC, which Tika does
 * not parse at all, the STREAMINFO block (sample rate, channels, bits per sample, total samples).
 */
final class AudioProbe {

    /** Facts read from the stream header. */
    record Facts(
            Long durationMillis,
            Integer sampleRate,
            Integer channels,
            Integer bitsPerSample,
            String codec,
            Map<String, String> tags) {}

    private AudioProbe() {}

    static Facts wav(Path file) throws IOException {
        try {
            AudioFileFormat format = AudioSystem.getAudioFileFormat(file.toFile());
            float rate = format.getFormat().getSampleRate();
            long frames = format.getFrameLength();
            Long duration = frames > 0 && rate > 0 ? Math.round(frames * 1000.0 / rate) : null;
            return new Facts(
                    duration,
                    Math.round(rate),
                    format.getFormat().getChannels(),
                    format.getFormat().getSampleSizeInBits(),
                    format.getFormat().getEncoding().toString(),
                    Map.of());
        } catch (UnsupportedAudioFileException e) {
            throw new IOException("not a readable WAV stream: " + e.getMessage(), e);
        }
    }

    /** Parses the mandatory first metadata block of a FLAC stream (RFC 9639 section 8.2). */
    static Facts flac(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(raw)) {
            byte[] magic = in.readNBytes(4);
            if (!"fLaC".equals(new String(magic, java.nio.charset.StandardCharsets.US_ASCII))) {
                throw new IOException("missing fLaC marker");
            }
            int blockHeader = in.readInt();
            if (((blockHeader >>> 24) & 0x7f) != 0) {
                throw new IOException("first FLAC metadata block is not STREAMINFO");
            }
            in.skipNBytes(10); // min/max block size, min/max frame size
            long packed = in.readLong(); // 20 bits rate, 3 bits channels-1, 5 bits bps-1, 36 bits total samples
            int sampleRate = (int) (packed >>> 44);
            int channels = (int) ((packed >>> 41) & 0x7) + 1;
            int bits = (int) ((packed >>> 36) & 0x1f) + 1;
            long totalSamples = packed & 0xFFFFFFFFFL;
            in.skipNBytes(16); // MD5 of the audio
            Long duration = sampleRate > 0 && totalSamples > 0 ? Math.round(totalSamples * 1000.0 / sampleRate) : null;
            boolean last = (blockHeader & 0x80000000) != 0;
            return new Facts(duration, sampleRate, channels, bits, "FLAC", last ? Map.of() : vorbisComments(in));
        }
    }

    /** Walks the remaining metadata blocks for VORBIS_COMMENT (type 4): little-endian length-prefixed KEY=value. */
    private static Map<String, String> vorbisComments(DataInputStream in) throws IOException {
        Map<String, String> tags = new HashMap<>();
        boolean last = false;
        while (!last) {
            int header = in.readInt();
            last = (header & 0x80000000) != 0;
            int type = (header >>> 24) & 0x7f;
            int length = header & 0xFFFFFF;
            if (type != 4) {
                in.skipNBytes(length);
                continue;
            }
            java.nio.ByteBuffer block =
                    java.nio.ByteBuffer.wrap(in.readNBytes(length)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            int vendorLength = block.getInt();
            block.position(block.position() + vendorLength); // vendor string
            int count = block.getInt();
            for (int i = 0; i < count && block.remaining() >= 4; i++) {
                byte[] entry = new byte[block.getInt()];
                block.get(entry);
                String comment = new String(entry, java.nio.charset.StandardCharsets.UTF_8);
                int eq = comment.indexOf('=');
                if (eq > 0) {
                    tags.putIfAbsent(comment.substring(0, eq).toUpperCase(Locale.ROOT), comment.substring(eq + 1));
                }
            }
            return tags;
        }
        return tags;
    }
}
