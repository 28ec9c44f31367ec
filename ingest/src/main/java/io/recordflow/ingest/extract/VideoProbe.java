package io.recordflow.ingest.extract;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads what Tika's MP4 parser leaves out of MP4 and QuickTime files (ISO/IEC 14496-12 boxes): the codec of the
 * video and audio tracks (the four-character code of the first sample entry in {@code stsd}; Tika reports only
 * the free-text "compressor name", which is empty in most camera files and an encoder banner in ffmpeg's) and the
 * frame rate (samples in {@code stts} over the track duration in {@code mdhd}). Only box headers and a few small
 * boxes are read; {@code mdat} is skipped by seeking, so a large file costs a handful of reads. Runs in the
 * parent process on untrusted input, so every size is checked and the walk is bounded.
 */
final class VideoProbe {

    /** Facts read from the box tree; any may be null. {@code wellFormed}: the top-level boxes tile the file. */
    record Facts(
            Long durationMillis,
            Integer width,
            Integer height,
            String videoCodec,
            String audioCodec,
            Double frameRate,
            boolean wellFormed) {}

    private static final int MAX_BOXES = 10_000;
    private static final int MAX_SMALL_BOX = 1 << 20;

    private static final Map<String, String> CODECS = Map.ofEntries(
            Map.entry("avc1", "H.264/AVC"),
            Map.entry("avc3", "H.264/AVC"),
            Map.entry("hvc1", "H.265/HEVC"),
            Map.entry("hev1", "H.265/HEVC"),
            Map.entry("av01", "AV1"),
            Map.entry("vp08", "VP8"),
            Map.entry("vp09", "VP9"),
            Map.entry("mp4v", "MPEG-4 Visual"),
            Map.entry("s263", "H.263"),
            Map.entry("h263", "H.263"),
            Map.entry("jpeg", "Motion JPEG"),
            Map.entry("mjpa", "Motion JPEG"),
            Map.entry("apcn", "Apple ProRes 422"),
            Map.entry("apch", "Apple ProRes 422 HQ"),
            Map.entry("apcs", "Apple ProRes 422 LT"),
            Map.entry("apco", "Apple ProRes 422 Proxy"),
            Map.entry("ap4h", "Apple ProRes 4444"),
            Map.entry("dvc ", "DV"),
            Map.entry("dvcp", "DV"),
            Map.entry("mp4a", "AAC"),
            Map.entry("ac-3", "AC-3"),
            Map.entry("ec-3", "E-AC-3"),
            Map.entry("Opus", "Opus"),
            Map.entry("fLaC", "FLAC"),
            Map.entry("alac", "ALAC"),
            Map.entry(".mp3", "MP3"),
            Map.entry("samr", "AMR"),
            Map.entry("sowt", "PCM"),
            Map.entry("twos", "PCM"),
            Map.entry("lpcm", "PCM"),
            Map.entry("ulaw", "mu-law"),
            Map.entry("alaw", "A-law"));

    private VideoProbe() {}

    /** "H.264/AVC (avc1)", or the four-character code alone when it is not a known one. */
    static String codecName(String fourcc) {
        if (fourcc == null) {
            return null;
        }
        String name = CODECS.get(fourcc);
        return name == null ? fourcc.strip() : name + " (" + fourcc.strip() + ")";
    }

    static Facts mp4(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Walk walk = new Walk(ch);
            long size = ch.size();
            long pos = 0;
            boolean wellFormed = true;
            ByteBuffer moov = null;
            while (pos < size) {
                long[] header = walk.header(pos, size);
                if (header == null) {
                    wellFormed = false;
                    break;
                }
                if (header[2] == fourcc("moov") && header[1] <= MAX_SMALL_BOX * 16L) {
                    moov = walk.read(pos + header[0], (int) (header[1] - header[0]));
                }
                pos += header[1];
            }
            if (moov == null) {
                throw new IOException("no moov box");
            }
            return fromMoov(moov, wellFormed && pos == size);
        }
    }

    private static Facts fromMoov(ByteBuffer moov, boolean wellFormed) throws IOException {
        Long duration = null;
        Integer width = null;
        Integer height = null;
        String videoCodec = null;
        String audioCodec = null;
        Double frameRate = null;
        int[] budget = {MAX_BOXES};
        for (ByteBuffer box : children(moov, budget)) {
            String type = type(box);
            if (type.equals("mvhd")) {
                duration = mediaDuration(payload(box));
            } else if (type.equals("trak")) {
                Track t = track(payload(box), budget);
                if ("vide".equals(t.handler) && videoCodec == null) {
                    videoCodec = t.codec;
                    width = t.width;
                    height = t.height;
                    if (t.samples > 0 && t.durationMillis != null && t.durationMillis > 0) {
                        frameRate = Math.round(t.samples * 1000_000.0 / t.durationMillis) / 1000.0;
                    }
                } else if ("soun".equals(t.handler) && audioCodec == null) {
                    audioCodec = t.codec;
                }
            }
        }
        return new Facts(duration, width, height, codecName(videoCodec), codecName(audioCodec), frameRate, wellFormed);
    }

    private static final class Track {
        String handler;
        String codec;
        Integer width;
        Integer height;
        long samples;
        Long durationMillis;
    }

    private static Track track(ByteBuffer trak, int[] budget) throws IOException {
        Track t = new Track();
        for (ByteBuffer mdia : children(trak, budget)) {
            if (!type(mdia).equals("mdia")) {
                continue;
            }
            for (ByteBuffer box : children(payload(mdia), budget)) {
                switch (type(box)) {
                    case "mdhd" -> t.durationMillis = mediaDuration(payload(box));
                    case "hdlr" -> {
                        ByteBuffer p = payload(box);
                        if (p.remaining() >= 12) {
                            t.handler = ascii(p, p.position() + 8);
                        }
                    }
                    case "minf" -> {
                        for (ByteBuffer stbl : children(payload(box), budget)) {
                            if (type(stbl).equals("stbl")) {
                                sampleTable(payload(stbl), t, budget);
                            }
                        }
                    }
                    default -> {
                        // other media boxes carry nothing we map
                    }
                }
            }
        }
        return t;
    }

    private static void sampleTable(ByteBuffer stbl, Track t, int[] budget) throws IOException {
        for (ByteBuffer box : children(stbl, budget)) {
            ByteBuffer p = payload(box);
            String type = type(box);
            if (type.equals("stsd") && p.remaining() >= 16) {
                // version/flags, entry count, then the first sample entry: size, format
                int entry = p.position() + 8;
                t.codec = ascii(p, entry + 4);
                // visual sample entry: 6 reserved, 2 data reference index, 16 pre-defined/reserved, width, height
                int dims = entry + 8 + 24;
                if (p.limit() >= dims + 4) {
                    int w = Short.toUnsignedInt(p.getShort(dims));
                    int h = Short.toUnsignedInt(p.getShort(dims + 2));
                    if (w > 0 && h > 0) {
                        t.width = w;
                        t.height = h;
                    }
                }
            } else if (type.equals("stts") && p.remaining() >= 8) {
                long entries = Integer.toUnsignedLong(p.getInt(p.position() + 4));
                long samples = 0;
                for (long i = 0; i < entries && p.position() + 8 + i * 8 + 8 <= p.limit(); i++) {
                    samples += Integer.toUnsignedLong(p.getInt((int) (p.position() + 8 + i * 8)));
                }
                t.samples = samples;
            }
        }
    }

    /** mvhd and mdhd share the layout up to the duration: version/flags, times, timescale, duration. */
    private static Long mediaDuration(ByteBuffer p) {
        int base = p.position();
        int version = p.remaining() > 0 ? p.get(base) : -1;
        long timescale;
        long duration;
        if (version == 1 && p.remaining() >= 32) {
            timescale = Integer.toUnsignedLong(p.getInt(base + 20));
            duration = p.getLong(base + 24);
        } else if (version == 0 && p.remaining() >= 20) {
            timescale = Integer.toUnsignedLong(p.getInt(base + 12));
            duration = Integer.toUnsignedLong(p.getInt(base + 16));
        } else {
            return null;
        }
        if (timescale == 0 || duration <= 0 || duration == 0xFFFFFFFFL) {
            return null;
        }
        return Math.round(duration * 1000.0 / timescale);
    }

    /** The child boxes of a container payload, each as a buffer positioned at its header. */
    private static List<ByteBuffer> children(ByteBuffer container, int[] budget) throws IOException {
        List<ByteBuffer> boxes = new ArrayList<>();
        int pos = container.position();
        int end = container.limit();
        while (pos + 8 <= end) {
            if (--budget[0] < 0) {
                throw new IOException("too many boxes");
            }
            long size = Integer.toUnsignedLong(container.getInt(pos));
            int header = 8;
            if (size == 1 && pos + 16 <= end) {
                size = container.getLong(pos + 8);
                header = 16;
            } else if (size == 0) {
                size = end - pos;
            }
            if (size < header || pos + size > end) {
                break; // truncated or garbage: keep what was read so far
            }
            ByteBuffer box = container.duplicate();
            box.limit((int) (pos + size)).position(pos);
            boxes.add(box.slice());
            pos += (int) size;
        }
        return boxes;
    }

    private static String type(ByteBuffer box) {
        return ascii(box, 4);
    }

    private static ByteBuffer payload(ByteBuffer box) {
        long size = Integer.toUnsignedLong(box.getInt(0));
        int header = size == 1 ? 16 : 8;
        return box.duplicate().position(Math.min(header, box.limit()));
    }

    private static String ascii(ByteBuffer b, int at) {
        if (at + 4 > b.limit()) {
            return "";
        }
        byte[] four = new byte[4];
        for (int i = 0; i < 4; i++) {
            four[i] = b.get(at + i);
        }
        return new String(four, StandardCharsets.ISO_8859_1);
    }

    private static int fourcc(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }

    /** Positioned reads of top-level box headers and of small boxes. */
    private static final class Walk {
        private final FileChannel ch;
        private int reads;

        Walk(FileChannel ch) {
            this.ch = ch;
        }

        /** {header length, box size, type} of the box at pos, or null when it does not fit in the file. */
        long[] header(long pos, long fileSize) throws IOException {
            if (pos + 8 > fileSize) {
                return null;
            }
            ByteBuffer h = read(pos, (int) Math.min(16, fileSize - pos));
            long size = Integer.toUnsignedLong(h.getInt(0));
            long type = Integer.toUnsignedLong(h.getInt(4));
            int headerLength = 8;
            if (size == 1) {
                if (h.limit() < 16) {
                    return null;
                }
                size = h.getLong(8);
                headerLength = 16;
            } else if (size == 0) {
                size = fileSize - pos;
            }
            if (size < headerLength || pos + size > fileSize) {
                return null;
            }
            return new long[] {headerLength, size, type};
        }

        ByteBuffer read(long pos, int length) throws IOException {
            if (++reads > MAX_BOXES) {
                throw new IOException("too many boxes");
            }
            ByteBuffer b = ByteBuffer.allocate(length);
            while (b.hasRemaining()) {
                if (ch.read(b, pos + b.position()) < 0) {
                    throw new IOException("unexpected end of file");
                }
            }
            return b.flip();
        }
    }
}
