package io.recordflow.ingest.extract;

import io.recordflow.ingest.config.ExtractionLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.exception.TikaException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.parser.RecursiveParserWrapper;
import org.apache.tika.parser.ocr.TesseractOCRConfig;
import org.apache.tika.sax.BasicContentHandlerFactory;
import org.apache.tika.sax.RecursiveParserWrapperHandler;
import org.xml.sax.SAXException;

/**
 * Runs Apache Tika over one file with RecordFlow's shipped configuration: external-command parsers excluded,
 * zip-bomb limits, embedded count and depth caps, a total write limit, and RecursiveParserWrapper so failures
 * inside attachments are reported per attachment. Thread-safe.
 */
public final class TikaParse implements DocumentParser {

    /** Classpath location of the shipped Tika configuration. */
    public static final String CONFIG_RESOURCE = "/io/recordflow/ingest/extract/tika-config.xml";

    private final AutoDetectParser parser;
    private final ExtractionLimits limits;
    /** Built once: Tika only reads it, and setting the language parses it with regular expressions every time. */
    private final TesseractOCRConfig ocr;

    public TikaParse(ExtractionLimits limits) {
        this(loadConfig(), limits);
    }

    public TikaParse(TikaConfig config, ExtractionLimits limits) {
        this.parser = new AutoDetectParser(config);
        this.limits = limits;
        this.ocr = new TesseractOCRConfig();
        ocr.setSkipOcr(!limits.ocrEnabled());
        ocr.setLanguage(limits.ocrLanguage());
    }

    /** Loads the shipped tika-config.xml. */
    public static TikaConfig loadConfig() {
        try (InputStream in = TikaParse.class.getResourceAsStream(CONFIG_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing " + CONFIG_RESOURCE + " on the classpath");
            }
            return new TikaConfig(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + CONFIG_RESOURCE, e);
        } catch (TikaException | SAXException e) {
            throw new IllegalStateException("invalid " + CONFIG_RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses a file.
     *
     * @param file the content (RecordFlow parses the claim-checked copy, not the caller's file)
     * @param fileName original name, a detection hint only: content sniffing wins over the extension
     * @throws IOException when the file cannot be read at all
     */
    @Override
    public ParseOutcome parse(Path file, String fileName) throws IOException {
        Metadata metadata = new Metadata();
        if (fileName != null) {
            metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, fileName);
        }
        RecursiveParserWrapperHandler handler = new RecursiveParserWrapperHandler(
                new BasicContentHandlerFactory(
                        BasicContentHandlerFactory.HANDLER_TYPE.TEXT,
                        limits.writeLimitChars(),
                        true,
                        new ParseContext()),
                limits.maxEmbedded());
        ParseFailure failure = null;
        try (TikaInputStream in = TikaInputStream.get(file, metadata)) {
            wrapper().parse(in, handler, metadata, context());
        } catch (SAXException | TikaException e) {
            failure = ParseFailure.of(e);
        } catch (IOException e) {
            if (e instanceof java.nio.file.NoSuchFileException || e instanceof java.nio.file.AccessDeniedException) {
                throw e;
            }
            failure = ParseFailure.of(e);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            // parser bugs surface as unchecked errors; they fail this file, not the run
            failure = ParseFailure.of(e);
        }
        return new ParseOutcome(handler.getMetadataList(), failure);
    }

    private RecursiveParserWrapper wrapper() {
        Parser depthLimited =
                new DepthLimitingParser(new PixelLimitingParser(parser, limits.maxImagePixels()), limits.maxDepth());
        return new RecursiveParserWrapper(depthLimited);
    }

    private ParseContext context() {
        ParseContext context = new ParseContext();
        context.set(TesseractOCRConfig.class, ocr);
        if (limits.password() != null) {
            String password = limits.password();
            context.set(org.apache.tika.parser.PasswordProvider.class, md -> password);
        }
        return context;
    }
}
