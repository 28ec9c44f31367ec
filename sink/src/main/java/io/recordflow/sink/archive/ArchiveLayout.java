package io.recordflow.sink.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * How the archive sink lays out its folder: a bag is built in a hidden folder and moved in atomically once finished,
 * so the finished bags are exactly the visible folders of the archive folder. Readers outside the sink ask here.
 */
public final class ArchiveLayout {

    private ArchiveLayout() {}

    /** The finished bags under {@code archiveDir}, sorted by name; none when the folder does not exist yet. */
    public static List<Path> finishedBags(Path archiveDir) throws IOException {
        if (!Files.isDirectory(archiveDir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(archiveDir)) {
            return entries.filter(p ->
                            Files.isDirectory(p) && !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        }
    }
}
