package io.recordflow.ingest.extract;

import io.recordflow.ingest.blob.StoredBlob;
import io.recordflow.ingest.identity.RecordIds;
import io.recordflow.records.AgencyRecord;
import io.recordflow.records.AttachmentRef;
import io.recordflow.records.EmailMetadata;
import io.recordflow.records.Modality;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MimeTypeException;
import org.apache.tika.mime.MimeTypes;

/**
 * Maps one Tika parse of a file to AgencyRecords: the file's own record first, then one record per attachment or
 * container member, each linked to its parent by {@code parentRecordId} and listed in its parent's
 * {@code attachments}. Inline resources (pictures inside a DOCX) are not records of their own: their text (OCR)
 * joins the enclosing record. Text beyond the record bound is truncated and stored in full beside the original.
 */
public final class RecordMapper {

    static final String CONTENT = "X-TIKA:content";
    private static final String DIGEST = "X-TIKA:digest:SHA256";
    private static final int MAX_CUSTOM_ENTRIES = 200;
    /** Tika.getString() reads tika-core's pom.properties from the jar on every call: once is enough. */
    private static final String EXTRACTOR = org.apache.tika.Tika.getString();

    private final int textMaxChars;
    private final int writeLimitChars;
    private final ExtractedText fullText;
    private final Clock clock;
    private final String pipelineVersion;

    public RecordMapper(
            int textMaxChars, int writeLimitChars, ExtractedText fullText, Clock clock, String pipelineVersion) {
        this.textMaxChars = textMaxChars;
        this.writeLimitChars = writeLimitChars;
        this.fullText = fullText;
        this.clock = clock;
        this.pipelineVersion = pipelineVersion;
    }

    /**
     * Builds the records of one parsed file.
     *
     * @param outcome a parse that did not fail (see {@link ParseOutcome#failed()}), or one that failed after
     *     extracting some text
     * @param source where the file came from
     * @param blob the claim-checked original
     */
    public List<AgencyRecord> map(ParseOutcome outcome, SourceDescription source, StoredBlob blob) throws IOException {
        List<Metadata> parts = outcome.parts();
        Map<String, AgencyRecord.Builder> byPath = new LinkedHashMap<>();
        Map<String, StringBuilder> texts = new HashMap<>();
        Metadata container = outcome.container();

        AgencyRecord.Builder root = base(
                        container,
                        source,
                        blob.sha256(),
                        blob.sizeBytes(),
                        blob.uri().toString())
                .setRecordId(RecordIds.forContent(source.sourceSystem(), blob.sha256()))
                .setFileName(source.fileName());
        addContainerWarnings(root, container, outcome, blob.localPath());
        probeAudio(root, container, blob.localPath());
        probeVideo(root, container, blob.localPath());
        byPath.put("", root);
        texts.put("", new StringBuilder(text(container)));

        for (Metadata part : parts.subList(Math.min(1, parts.size()), parts.size())) {
            String path = part.get(TikaCoreProperties.EMBEDDED_RESOURCE_PATH);
            // Tika's resource paths collide ("../a.txt" and "/x/a.txt" both become "/a.txt", as do two
            // attachments of the same name); its id path ("/1", "/2/1") is unique and nests the same way
            String key = part.get(TikaCoreProperties.EMBEDDED_ID_PATH) == null
                    ? path
                    : part.get(TikaCoreProperties.EMBEDDED_ID_PATH);
            String parentPath = parentOf(key, byPath);
            AgencyRecord.Builder parent = byPath.get(parentPath);
            if (Boolean.parseBoolean(part.get(DepthLimitingParser.DEPTH_LIMIT_REACHED))) {
                parent.getExtractionWarnings()
                        .add("embedded document " + path + " not parsed: nesting deeper than the"
                                + " configured depth limit");
                continue;
            }
            String resourceType = part.get(TikaCoreProperties.EMBEDDED_RESOURCE_TYPE);
            if ("THUMBNAIL".equalsIgnoreCase(resourceType)) {
                continue; // a preview rendered by the authoring tool, not content of the record
            }
            if ("MACRO".equalsIgnoreCase(resourceType)) {
                parent.getExtractionWarnings().add(macroWarning(part, path));
                continue;
            }
            if ("INLINE".equalsIgnoreCase(resourceType)) {
                texts.get(parentPath).append('\n').append(text(part));
                parent.getExtractionWarnings().addAll(ExtractionWarnings.of(part, writeLimitChars));
                continue;
            }
            byPath.put(key, embedded(part, path, parent, source, blob));
            texts.put(key, new StringBuilder(text(part)));
        }

        List<AgencyRecord> records = new ArrayList<>();
        for (Map.Entry<String, AgencyRecord.Builder> e : byPath.entrySet()) {
            AgencyRecord.Builder b = e.getValue();
            setText(b, texts.get(e.getKey()).toString().strip());
            records.add(b.build());
        }
        return records;
    }

    private AgencyRecord.Builder embedded(
            Metadata part, String path, AgencyRecord.Builder parent, SourceDescription source, StoredBlob blob) {
        MetadataValues m = new MetadataValues(part);
        String sha = m.first(DIGEST, DIGEST.toLowerCase(Locale.ROOT));
        // measured while digesting; what the container declares may be -1 (a streamed zip entry) or absent
        Long size = m.longValue(SizingDigesterFactory.MEASURED_SIZE, "Content-Length", "embeddedResourceSize");
        if (size != null && size < 0) {
            size = null;
        }
        String entryName = m.first(TikaCoreProperties.RESOURCE_NAME_KEY);
        String name = EntryNames.safe(entryName);
        // the claim-check of an embedded document is its place inside the stored original
        String uri = blob.uri() + "#" + URI.create("x:" + encodePath(path)).getRawSchemeSpecificPart();
        AgencyRecord.Builder b = base(part, source, sha == null ? "" : sha, size == null ? 0L : size, uri)
                .setRecordId(RecordIds.forEmbedded(parent.getRecordId(), path, sha))
                .setParentRecordId(parent.getRecordId())
                .setSourceUri(source.sourceUri() + "#" + EntryNames.percentEncodeControls(path))
                .setFileName(name);
        b.getExtractionWarnings().addAll(ExtractionWarnings.of(part, writeLimitChars));
        if (!String.valueOf(name).equals(String.valueOf(entryName))) {
            b.getExtractionWarnings()
                    .add("entry name " + EntryNames.quoted(entryName) + " is not a plain relative name; recorded as "
                            + name);
        }
        if (sha == null) {
            b.getExtractionWarnings().add("SHA-256 of the embedded document not computed");
        }
        if (size == null) {
            b.getExtractionWarnings().add("size of the embedded document not known");
        }
        parent.getAttachments()
                .add(AttachmentRef.newBuilder()
                        .setRecordId(b.getRecordId())
                        .setName(name)
                        .setMediaType(b.getMediaType())
                        .setSizeBytes(size)
                        .setSha256(sha)
                        .build());
        return b;
    }

    /** A PDF's JavaScript arrives as a MACRO part carrying its trigger; Tika extracts it as text and runs nothing. */
    private static String macroWarning(Metadata part, String path) {
        String trigger = part.get("pdf:actionTrigger");
        if (trigger == null) {
            return "document contains macros (" + path + ")";
        }
        return "document contains JavaScript run on " + trigger + " (" + path + "); RecordFlow never executes it";
    }

    private AgencyRecord.Builder base(
            Metadata md, SourceDescription source, String sha256, long size, String contentUri) {
        MetadataValues m = new MetadataValues(md);
        String mediaType = baseType(md.get(org.apache.tika.metadata.HttpHeaders.CONTENT_TYPE));
        Modality modality = ModalityResolver.of(mediaType);
        AgencyRecord.Builder b = AgencyRecord.newBuilder()
                .setSourceUri(source.sourceUri())
                .setSourceSystem(source.sourceSystem())
                .setAgency(source.agency())
                .setOffice(source.office())
                .setTitle(m.first("dc:title", "title"))
                .setCreator(m.first("dc:creator", "meta:author", "Author"))
                .setOriginatingOrganization(m.first("extended-properties:Company", "dc:publisher"))
                .setDescription(m.first("dc:description"))
                .setSubjects(m.all("dc:subject", "meta:keyword", "pdf:docinfo:keywords"))
                .setDateCreated(m.date("dcterms:created", "meta:creation-date"))
                .setDateModified(m.date("dcterms:modified", "Last-Modified"))
                .setIngestedAt(clock.instant())
                .setModality(modality)
                .setMediaType(mediaType)
                .setFormat(format(mediaType, m))
                .setSizeBytes(size)
                .setSha256(sha256)
                .setContentUri(contentUri)
                .setPageCount(m.integer("xmpTPg:NPages", "meta:page-count", "Page-Count"))
                .setLanguage(m.first("dc:language", "language"))
                .setOcrApplied(String.join(",", md.getValues(TikaCoreProperties.TIKA_PARSED_BY_FULL_SET))
                                .contains("TesseractOCRParser")
                        || m.integer("pdf:ocrPageCount") != null && m.integer("pdf:ocrPageCount") > 0)
                .setExtractionWarnings(new ArrayList<>())
                .setAttachments(new ArrayList<>())
                .setExtractor(EXTRACTOR)
                .setPipelineVersion(pipelineVersion)
                .setCustomMetadata(custom(md));
        switch (modality) {
            case IMAGE -> b.setImage(TechnicalMetadata.image(m));
            case AUDIO -> b.setAudio(TechnicalMetadata.audio(m, null));
            case VIDEO -> b.setVideo(TechnicalMetadata.video(m, null));
            case EMAIL -> {
                EmailMetadata email = TechnicalMetadata.email(m);
                b.setEmail(email)
                        .setAddressees(email.getTo())
                        .setOtherAddressees(email.getCc())
                        .setCreator(email.getFrom())
                        .setTitle(email.getSubject());
            }
            default -> {
                // documents carry no modality-specific block
            }
        }
        for (String key : m.truncated()) {
            b.getExtractionWarnings()
                    .add("metadata " + key + " longer than " + MetadataValues.MAX_CHARS + " characters, truncated");
        }
        return b;
    }

    private void addContainerWarnings(
            AgencyRecord.Builder root, Metadata container, ParseOutcome outcome, Path original) throws IOException {
        root.getExtractionWarnings().addAll(ExtractionWarnings.of(container, writeLimitChars));
        if (outcome.failed()) {
            root.getExtractionWarnings()
                    .add("parse ended early (" + outcome.failure().kind() + "), text may be partial: "
                            + outcome.failure().message());
        }
        if (original != null && root.getMediaType().startsWith("text/")) {
            String charset = container.get("Content-Encoding");
            if (charset != null
                    && !charset.equalsIgnoreCase("UTF-8")
                    && !charset.equalsIgnoreCase("US-ASCII")
                    && !TextEncodingCheck.isValidUtf8(original)) {
                root.getExtractionWarnings()
                        .add("text is not valid UTF-8; decoded as " + charset + ", some characters may be wrong");
            }
        }
    }

    private void probeAudio(AgencyRecord.Builder root, Metadata container, Path original) {
        if (original == null || root.getModality() != Modality.AUDIO) {
            return;
        }
        String type = root.getMediaType();
        try {
            AudioProbe.Facts facts = null;
            if (type.equals("audio/vnd.wave") || type.equals("audio/x-wav") || type.equals("audio/wav")) {
                facts = AudioProbe.wav(original);
            } else if (type.equals("audio/x-flac") || type.equals("audio/flac")) {
                facts = AudioProbe.flac(original);
            }
            if (facts != null) {
                root.setAudio(TechnicalMetadata.audio(new MetadataValues(container), facts));
            }
        } catch (IOException | RuntimeException e) {
            // a malformed header must cost only the probed facts, never the record
            root.getExtractionWarnings().add("audio header could not be read: " + e);
        }
    }

    private static final Set<String> ISO_MEDIA =
            Set.of("video/mp4", "video/quicktime", "video/x-m4v", "video/3gpp", "video/3gpp2");
    /** What Tika's MP4 parser (metadata-extractor) says on reaching the end of every complete file. */
    private static final String MP4_END_OF_DATA = "parser warning: End of data reached.";

    private void probeVideo(AgencyRecord.Builder root, Metadata container, Path original) {
        if (original == null || root.getModality() != Modality.VIDEO || !ISO_MEDIA.contains(root.getMediaType())) {
            return;
        }
        try {
            VideoProbe.Facts facts = VideoProbe.mp4(original);
            root.setVideo(TechnicalMetadata.video(new MetadataValues(container), facts));
            if (facts.audioCodec() != null) {
                root.getCustomMetadata().put("recordflow:audioCodec", facts.audioCodec());
            }
            if (facts.wellFormed()) {
                // the box tree covers the file exactly, so this is not a truncation
                root.getExtractionWarnings().remove(MP4_END_OF_DATA);
            }
        } catch (IOException | RuntimeException e) {
            root.getExtractionWarnings().add("video header could not be read: " + e);
        }
    }

    private void setText(AgencyRecord.Builder b, String text) throws IOException {
        boolean limitHit = b.getExtractionWarnings().stream().anyMatch(w -> w.startsWith("text extraction stopped"));
        b.setTextLength(text.length());
        if (text.length() > textMaxChars) {
            b.setText(text.substring(0, textMaxChars))
                    .setTextTruncated(true)
                    .setFullTextUri(fullText.store(b.getSha256().isEmpty() ? b.getRecordId() : b.getSha256(), text)
                            .toString());
        } else {
            b.setText(text).setTextTruncated(limitHit);
        }
        if (text.isEmpty()) {
            b.getExtractionWarnings().add(emptyTextReason(b));
        }
    }

    private static String emptyTextReason(AgencyRecord.Builder b) {
        return switch (b.getModality()) {
            case IMAGE ->
                OcrAvailability.get().available()
                        ? "no text found (OCR ran or image has no text)"
                        : "no text: OCR unavailable (" + OcrAvailability.get().detail() + ")";
            case AUDIO, VIDEO ->
                "no text: metadata only for " + b.getModality().name().toLowerCase(Locale.ROOT);
            default ->
                OcrAvailability.get().available()
                        ? "no text could be extracted"
                        : "no text could be extracted; OCR unavailable ("
                                + OcrAvailability.get().detail() + "), so scanned pages were not read";
        };
    }

    private static String text(Metadata m) {
        String content = m.get(CONTENT);
        return content == null ? "" : content;
    }

    private static String parentOf(String path, Map<String, AgencyRecord.Builder> byPath) {
        String p = path == null ? "" : path;
        while (!p.isEmpty()) {
            int slash = p.lastIndexOf('/');
            p = slash <= 0 ? "" : p.substring(0, slash);
            if (byPath.containsKey(p)) {
                return p;
            }
        }
        return "";
    }

    private static String baseType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return "application/octet-stream";
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    private static String format(String mediaType, MetadataValues m) {
        String version = m.first("pdf:PDFVersion", "pdfa:PDFVersion");
        String name;
        try {
            String description =
                    MimeTypes.getDefaultMimeTypes().forName(mediaType).getDescription();
            name = description == null || description.isBlank() ? mediaType : description;
        } catch (MimeTypeException e) {
            name = mediaType;
        }
        return version == null ? name : name + " " + version;
    }

    private static Map<String, String> custom(Metadata md) {
        Map<String, String> custom = new TreeMap<>();
        for (String name : md.names()) {
            if (custom.size() >= MAX_CUSTOM_ENTRIES) {
                break;
            }
            if (name.equals(CONTENT) || name.startsWith(TikaCoreProperties.TIKA_META_EXCEPTION_PREFIX)) {
                continue;
            }
            String value = String.join("; ", md.getValues(name));
            custom.put(
                    name,
                    value.length() > MetadataValues.MAX_CHARS ? value.substring(0, MetadataValues.MAX_CHARS) : value);
        }
        return custom;
    }

    private static String encodePath(String path) {
        return java.net.URLEncoder.encode(path, StandardCharsets.UTF_8)
                .replace("%2F", "/")
                .replace("+", "%20");
    }
}
