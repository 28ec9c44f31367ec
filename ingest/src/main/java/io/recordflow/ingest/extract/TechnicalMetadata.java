package io.recordflow.ingest.extract;

import io.recordflow.records.AudioMetadata;
import io.recordflow.records.EmailMetadata;
import io.recordflow.records.ImageMetadata;
import io.recordflow.records.VideoMetadata;
import java.time.Instant;

/** Builds the modality-specific technical metadata of a record from Tika's metadata. */
final class TechnicalMetadata {

  private TechnicalMetadata() {
  }

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
        .setSampleRate(probed != null && probed.sampleRate() != null ? probed.sampleRate()
            : m.integer("xmpDM:audioSampleRate", "samplerate"))
        .setChannels(probed != null && probed.channels() != null ? probed.channels()
            : channels(m))
        .setBitsPerSample(probed != null && probed.bitsPerSample() != null ? probed.bitsPerSample()
            : m.integer("bits", "xmpDM:audioSampleType"))
        .setBitrate(m.integer("xmpDM:audioBitrate", "bitrate"))
        .setCodec(probed != null && probed.codec() != null ? probed.codec()
            : m.first("xmpDM:audioCompressor", "encoding", "Content-Type"))
        .setArtist(tag(probed, "ARTIST", m.first("xmpDM:artist", "dc:creator")))
        .setAlbum(tag(probed, "ALBUM", m.first("xmpDM:album")))
        .setTrackTitle(tag(probed, "TITLE", m.first("dc:title")))
        .setGenre(tag(probed, "GENRE", m.first("xmpDM:genre")))
        .setRecordingYear(tag(probed, "DATE", m.first("xmpDM:releaseDate")))
        .setComment(tag(probed, "COMMENT", m.first("xmpDM:logComment")))
        .build();
  }

  static VideoMetadata video(MetadataValues m) {
    return VideoMetadata.newBuilder()
        .setDurationMillis(tikaDuration(m))
        .setWidth(m.integer("tiff:ImageWidth"))
        .setHeight(m.integer("tiff:ImageLength"))
        .setCodec(m.first("xmpDM:videoCompressor", "xmpDM:audioCompressor"))
        .setFrameRate(m.number("xmpDM:videoFrameRate"))
        .build();
  }

  static EmailMetadata email(MetadataValues m) {
    return EmailMetadata.newBuilder()
        .setFrom(m.first("Message-From", "Message:From-Email", "dc:creator"))
        .setTo(m.all("Message-To", "Message:To-Email"))
        .setCc(m.all("Message-Cc", "Message:CC-Email"))
        .setSubject(m.first("dc:subject", "dc:title"))
        .setSentAt(m.date("dcterms:created"))
        .setMessageId(m.first("Message:Raw-Header:Message-ID", "Message:Raw-Header:Message-Id"))
        .build();
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
    return switch (type.toLowerCase(java.util.Locale.ROOT)) {
      case "mono" -> 1;
      case "stereo" -> 2;
      case "5.1" -> 6;
      default -> m.integer("channels");
    };
  }
}
