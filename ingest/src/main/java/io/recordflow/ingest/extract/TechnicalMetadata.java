package io.recordflow.ingest.extract;

import io.recordflow.records.AudioMetadata;
import io.recordflow.records.EmailMetadata;
import io.recordflow.records.ImageMetadata;
import io.recordflow.records.VideoMetadata;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** Builds the modality-specific technical metadata of a record from Tika's metadata. */
final class TechnicalMetadata {

    private TechnicalMetadata() {}

    static ImageMetadata image(MetadataValues m) {
        Instant taken = m.date("exif:DateTimeOriginal", "Exif SubIFD:Date/Time Original", "dcterms:created");
        return ImageMetadata.newBuilder()
                .setWidth(m.integer("tiff:ImageWidth", "Image Width", "width"))
                .setHeight(m.integer("tiff:ImageLength", "Image Height", "height"))
                .setBitsPerSample(m.integer("tiff:BitsPerSample", "Data BitsPerSample", "Bits Per Sample"))
                .setColorSpace(m.first("Chroma ColorSpaceType", "Color Space", "photometric"))
                .setResolutionDpi(m.number("tiff:XResolution", "X Resolution"))
                .setOrientation(m.first("tiff:Orientation", "Orientation"))
                .setCameraMake(m.first("tiff:Make", "Make"))
                .setCameraModel(m.first("tiff:Model", "Model"))
                .setDateTaken(taken)
                .setGpsLatitude(m.number("geo:lat"))
                .setGpsLongitude(m.number("geo:long"))
                .setGpsAltitude(m.number("geo:alt", "GPS:GPS Altitude"))
                .setFrameCount(m.integer("xmpTPg:NPages", "tiff:NPages", "Number of Images"))
                .build();
    }

    static AudioMetadata audio(MetadataValues m, AudioProbe.Facts probed) {
        Long duration = probed != null && probed.durationMillis() != null ? probed.durationMillis() : tikaDuration(m);
        return AudioMetadata.newBuilder()
                .setDurationMillis(duration)
                .setSampleRate(
                        probed != null && probed.sampleRate() != null
                                ? probed.sampleRate()
                                : m.integer("xmpDM:audioSampleRate", "samplerate"))
                .setChannels(probed != null && probed.channels() != null ? probed.channels() : channels(m))
                .setBitsPerSample(
                        probed != null && probed.bitsPerSample() != null
                                ? probed.bitsPerSample()
                                : m.integer("bits", "xmpDM:audioSampleType"))
                .setBitrate(m.integer("xmpDM:audioBitrate", "bitrate"))
                .setCodec(
                        probed != null && probed.codec() != null
                                ? probed.codec()
                                : m.first("xmpDM:audioCompressor", "encoding", "Content-Type"))
                .setArtist(tag(probed, "ARTIST", m.first("xmpDM:artist", "dc:creator")))
                .setAlbum(tag(probed, "ALBUM", m.first("xmpDM:album")))
                .setTrackTitle(tag(probed, "TITLE", m.first("dc:title")))
                .setGenre(tag(probed, "GENRE", m.first("xmpDM:genre")))
                .setRecordingYear(tag(probed, "DATE", m.first("xmpDM:releaseDate")))
                // vorbis-java's Ogg parsers put the COMMENT tag in "description"
                .setComment(tag(probed, "COMMENT", m.first("xmpDM:logComment", "description", "dc:description")))
                .build();
    }

    /**
     * Video block. {@code probed} (MP4/QuickTime box facts) wins over Tika for the codec, because Tika's
     * {@code xmpDM:videoCompressor} is the free-text compressor name of the sample entry (an encoder banner such
     * as "Lavc59.37.100 libx264", or empty), not the codec.
     */
    static VideoMetadata video(MetadataValues m, VideoProbe.Facts probed) {
        Long duration = tikaDuration(m);
        Integer width = m.integer("tiff:ImageWidth");
        Integer height = m.integer("tiff:ImageLength");
        String codec = m.first("xmpDM:videoCompressor", "xmpDM:audioCompressor");
        Double frameRate = m.number("xmpDM:videoFrameRate");
        if (probed != null) {
            duration = duration != null ? duration : probed.durationMillis();
            width = width != null ? width : probed.width();
            height = height != null ? height : probed.height();
            codec = probed.videoCodec() != null ? probed.videoCodec() : codec;
            frameRate = frameRate != null ? frameRate : probed.frameRate();
        }
        return VideoMetadata.newBuilder()
                .setDurationMillis(duration)
                .setWidth(width)
                .setHeight(height)
                .setCodec(codec)
                .setFrameRate(frameRate)
                .build();
    }

    static EmailMetadata email(MetadataValues m) {
        return EmailMetadata.newBuilder()
                .setFrom(from(m))
                .setTo(addresses(m, "Message-To", "Message:To-Email"))
                .setCc(addresses(m, "Message-Cc", "Message:CC-Email"))
                .setSubject(m.first("dc:subject", "dc:title"))
                .setSentAt(m.date("dcterms:created"))
                .setMessageId(m.first("Message:Raw-Header:Message-ID", "Message:Raw-Header:Message-Id"))
                .build();
    }

    /**
     * "Name <address>" as in an RFC 822 header. Tika gives it whole for .eml ({@code Message-From}); for Outlook
     * .msg {@code Message-From} is the display name alone and the address is in {@code Message:From-Email}.
     */
    private static String from(MetadataValues m) {
        String header = m.first("Message-From");
        String email = m.first("Message:From-Email");
        if (header == null) {
            return email != null ? email : m.first("dc:creator");
        }
        if (email == null || header.contains("@")) {
            return header;
        }
        return header + " <" + email + ">";
    }

    /**
     * Recipient addresses. For .eml the header values are addresses; for .msg {@code Message-To}/{@code Message-Cc}
     * are display names only, so the SMTP addresses of the recipient table are used instead (listing both
     * would count each recipient twice).
     */
    private static List<String> addresses(MetadataValues m, String headerKey, String emailKey) {
        List<String> header = m.all(headerKey);
        List<String> emails = m.all(emailKey);
        if (emails.isEmpty() || header.stream().anyMatch(v -> v.contains("@"))) {
            return header.isEmpty() ? emails : header;
        }
        return emails;
    }

    /** Tika's audio and video parsers report xmpDM:duration in seconds. */
    private static Long tikaDuration(MetadataValues m) {
        Double seconds = m.number("xmpDM:duration");
        return seconds == null ? null : Math.round(seconds * 1000);
    }

    private static String tag(AudioProbe.Facts probed, String name, String fallback) {
        if (probed == null) {
            return fallback;
        }
        return probed.tags().getOrDefault(name, fallback);
    }

    private static Integer channels(MetadataValues m) {
        String type = m.first("xmpDM:audioChannelType", "channels");
        if (type == null) {
            return null;
        }
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "mono" -> 1;
            case "stereo" -> 2;
            case "5.1" -> 6;
            default -> m.integer("channels");
        };
    }
}
