package io.recordflow.ingest.extract;

import io.recordflow.records.Modality;
import java.util.Locale;

/** Maps a detected MIME type to the record's modality. */
final class ModalityResolver {

    private ModalityResolver() {}

    static Modality of(String mediaType) {
        String type = mediaType == null ? "" : mediaType.toLowerCase(Locale.ROOT);
        if (type.startsWith("message/")
                || type.equals("application/vnd.ms-outlook")
                || type.equals("application/mbox")) {
            return Modality.EMAIL;
        }
        if (type.startsWith("image/")) {
            return Modality.IMAGE;
        }
        if (type.startsWith("audio/") || type.equals("application/ogg")) {
            return Modality.AUDIO;
        }
        if (type.startsWith("video/")) {
            return Modality.VIDEO;
        }
        if (type.equals("application/octet-stream") || type.isEmpty()) {
            return Modality.OTHER;
        }
        return Modality.DOCUMENT;
    }
}
