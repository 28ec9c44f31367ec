package io.recordflow.ingest.extract;

import java.io.IOException;
import java.io.InputStream;
import org.apache.tika.exception.TikaException;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.Property;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.parser.ParserDecorator;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;

/**
 * Caps the nesting depth of embedded documents, which Tika's RecursiveParserWrapper does not: a document
 * deeper than the cap is not parsed and is marked with {@link #DEPTH_LIMIT_REACHED}.
 */
final class DepthLimitingParser extends ParserDecorator {

  private static final long serialVersionUID = 1L;

  /** Set on an embedded document that was skipped because it lies deeper than the cap. */
  static final Property DEPTH_LIMIT_REACHED = Property.externalBoolean("X-RecordFlow:embedded-depth-limit-reached");

  private final int maxDepth;

  DepthLimitingParser(Parser parser, int maxDepth) {
    super(parser);
    this.maxDepth = maxDepth;
  }

  @Override
  public void parse(InputStream stream, ContentHandler handler, Metadata metadata, ParseContext context)
      throws IOException, SAXException, TikaException {
    Depth depth = context.get(Depth.class);
    if (depth == null) {
      depth = new Depth();
      context.set(Depth.class, depth);
    }
    // depth.value counts the documents currently being parsed: 0 means this is the top-level file
    if (depth.value > maxDepth) {
      metadata.set(DEPTH_LIMIT_REACHED, true);
      return;
    }
    depth.value++;
    try {
      super.parse(stream, handler, metadata, context);
    } finally {
      depth.value--;
    }
  }

  /** Mutable nesting counter carried in the ParseContext of one parse. */
  static final class Depth {
    int value;
  }
}
