package io.recordflow.ingest.isolation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.sax.XHTMLContentHandler;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;

/**
 * A parser that behaves like the hostile files isolation exists for: text starting with HANG never returns, CRASH
 * kills the JVM, OOM exhausts the heap; anything else is emitted as text. Used only inside child JVMs in tests.
 */
public class HostileParser implements Parser {

  private static final long serialVersionUID = 1L;

  @Override
  public Set<MediaType> getSupportedTypes(ParseContext context) {
    return Set.of(MediaType.TEXT_PLAIN);
  }

  @Override
  public void parse(InputStream stream, ContentHandler handler, Metadata metadata, ParseContext context)
      throws IOException, SAXException {
    String text = new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    if (text.startsWith("HANG")) {
      while (true) {
        try {
          Thread.sleep(1_000);
        } catch (InterruptedException e) {
          // a hung parser ignores interruption, as real ones stuck in a loop do
        }
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
}
