package io.recordflow.ingest.isolation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recordflow.ingest.config.ExtractionLimits;
import io.recordflow.ingest.extract.ParseFailure;
import io.recordflow.ingest.extract.ParseOutcome;
import io.recordflow.ingest.extract.TikaParse;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.apache.tika.config.TikaConfig;

/**
 * Main class of an extraction child JVM. Reads a settings line from stdin, listens on the Unix domain socket the
 * settings name and prints the ready line; each connection then carries one request line per file
 * ({@code {"file":..., "fileName":...}}), answered with one JSON line, and up to {@code parseThreads} files are
 * parsed at once in this one JVM (one JIT, one code cache). The child exits when its stdin closes.
 */
public final class ExtractionWorker {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TikaParse tika;
    private final Semaphore parses;

    private ExtractionWorker(TikaParse tika, int parseThreads) {
        this.tika = tika;
        // fair, so files get parse slots in the order they came: a file sent before a hung one is not kept waiting
        // past its own deadline (which comes first) and blamed for the hang
        this.parses = new Semaphore(parseThreads, true);
    }

    public static void main(String[] args) throws Exception {
        PrintStream control = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.setOut(System.err); // whatever parsers print must not be taken for the ready line
        BufferedReader parent = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String settingsLine = parent.readLine();
        if (settingsLine == null) {
            return;
        }
        JsonNode settings = JSON.readTree(settingsLine);
        ExtractionWorker worker = new ExtractionWorker(
                tika(settings), settings.path("parseThreads").asInt(1));
        Path socket = Path.of(settings.path("socket").asText());
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread acceptor = new Thread(() -> worker.accept(server), "extraction-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        control.println(ChildJvm.READY);
        // the parent closes stdin when it stops or dies: the child then exits instead of living on as an orphan
        while (parent.read() != -1) {
            continue;
        }
        Files.deleteIfExists(socket);
        Files.deleteIfExists(socket.getParent()); // the parent's own clean-up did not run when it was killed
        System.exit(0);
    }

    private void accept(ServerSocketChannel server) {
        try {
            while (true) {
                SocketChannel lane = server.accept();
                Thread t = new Thread(() -> serve(lane), "extraction-lane");
                t.setDaemon(true);
                t.start();
            }
        } catch (IOException e) {
            // without its socket the child can do nothing more; dying makes the parent report and replace it
            e.printStackTrace();
            Runtime.getRuntime().halt(1);
        }
    }

    private void serve(SocketChannel lane) {
        try (lane) {
            BufferedReader requests =
                    new BufferedReader(new InputStreamReader(Channels.newInputStream(lane), StandardCharsets.UTF_8));
            BufferedWriter answers =
                    new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(lane), StandardCharsets.UTF_8));
            String line;
            while ((line = requests.readLine()) != null) {
                answers.write(ParseOutcomeCodec.encode(parse(JSON.readTree(line))));
                answers.newLine();
                answers.flush();
            }
        } catch (IOException e) {
            // the parent closed this lane (a caller gave up or the run stops); the other lanes go on
            System.err.println("extraction lane closed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ParseOutcome parse(JsonNode request) throws InterruptedException {
        parses.acquire();
        try {
            return tika.parse(
                    Path.of(request.path("file").asText()),
                    request.path("fileName").asText(null));
        } catch (IOException e) {
            return new ParseOutcome(
                    List.of(),
                    new ParseFailure(ParseFailure.UNREADABLE, e.getClass().getName(), String.valueOf(e.getMessage())));
        } finally {
            parses.release();
        }
    }

    private static TikaParse tika(JsonNode s) {
        ExtractionLimits limits = new ExtractionLimits(
                s.path("writeLimitChars").asInt(),
                s.path("maxEmbedded").asInt(),
                s.path("maxDepth").asInt(),
                s.path("maxImagePixels").asLong(),
                s.path("ocrEnabled").asBoolean(),
                s.path("ocrLanguage").asText("eng"),
                s.path("password").asText(null));
        String config = s.path("tikaConfig").asText(null);
        if (config == null) {
            return new TikaParse(limits);
        }
        try {
            return new TikaParse(new TikaConfig(Path.of(config)), limits);
        } catch (Exception e) {
            throw new IllegalStateException("cannot load Tika configuration " + config + ": " + e.getMessage(), e);
        }
    }
}
