package io.recordflow.ingest.isolation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.sax.XHTMLContentHandler;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;

/**
 * A parser that behaves like the hostile files isolation exists for: text starting with HANG never returns, CRASH
 * kills the JVM, OOM exhausts the heap; anything else is emitted as text. Text starting with PAIR first waits (up to
 * {@link #PAIR_WAIT_SECONDS}) for another PAIR file to be parsed at the same time in the same JVM, then acts on the
 * rest of its text (PAIR CRASH, PAIR HANG); text that follows PAIR-SLOW is held in the parser for a minute when the
 * pair met. Its text says whether the pair met. Used only inside child JVMs in tests.
 */
public class HostileParser implements Parser {

    private static final long serialVersionUID = 1L;

    /** How long a PAIR file waits for its partner. */
    static final int PAIR_WAIT_SECONDS = 3;

    private static final CyclicBarrier PAIR = new CyclicBarrier(2);

    @Override
    public Set<MediaType> getSupportedTypes(ParseContext context) {
        return Set.of(MediaType.TEXT_PLAIN);
    }

    @Override
    public void parse(InputStream stream, ContentHandler handler, Metadata metadata, ParseContext context)
            throws IOException, SAXException {
        String text = new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        if (text.startsWith("PAIR")) {
            boolean met = pairUp();
            if (met && text.startsWith("PAIR-SLOW")) {
                hold(60);
            }
            text = text.substring(text.indexOf(' ') + 1) + (met ? " (paired)" : " (alone)");
        }
        if (text.startsWith("HANG")) {
            while (true) {
                hold(1);
            }
        }
        if (text.startsWith("CRASH")) {
            Runtime.getRuntime().halt(134);
        }
        if (text.startsWith("OOM")) {
            List<long[]> hog = new ArrayList<>();
            while (true) {
                hog.add(new long[1 << 20]);
            }
        }
        metadata.set(Metadata.CONTENT_TYPE, "text/plain");
        XHTMLContentHandler xhtml = new XHTMLContentHandler(handler, metadata);
        xhtml.startDocument();
        xhtml.element("p", text);
        xhtml.endDocument();
    }

    private static boolean pairUp() {
        try {
            PAIR.await(PAIR_WAIT_SECONDS, TimeUnit.SECONDS);
            return true;
        } catch (TimeoutException | BrokenBarrierException e) {
            PAIR.reset();
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void hold(int seconds) {
        try {
            Thread.sleep(seconds * 1_000L);
        } catch (InterruptedException e) {
            // a hung parser ignores interruption, as real ones stuck in a loop do
        }
    }
}
