package io.recordflow.ingest.source;

import io.recordflow.ingest.pipeline.InputFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Turns command-line PATH arguments into inputs: a file is itself, a folder is every regular file below it
 * (recursively, in name order), an argument with glob characters ({@code *?[{}) matches paths under its fixed
 * prefix, and {@code -} is standard input. An optional name glob filters files found in folders. Anything that is
 * not a regular file (a FIFO, a device, a missing path) is reported, not opened: reading a FIFO would block.
 */
public final class InputExpander {

    private final PathMatcher nameFilter;
    private final InputStream stdin;
    private final String stdinName;

    /**
     * @param nameGlob glob on file names, e.g. {@code *.pdf}, or null for all files
     * @param stdin standard input, used for the argument {@code -}
     * @param stdinName file name given to standard input (a detection hint)
     */
    public InputExpander(String nameGlob, InputStream stdin, String stdinName) {
        this.nameFilter = nameGlob == null ? null : FileSystems.getDefault().getPathMatcher("glob:" + nameGlob);
        this.stdin = stdin;
        this.stdinName = stdinName;
    }

    /** A path argument that yields nothing to ingest, with the reason. */
    public record Rejected(String path, String reason) {}

    /**
     * Expands the arguments.
     *
     * @param rejected receives arguments and entries that cannot be ingested
     */
    public List<InputFile> expand(List<String> arguments, Consumer<Rejected> rejected) {
        List<InputFile> inputs = new ArrayList<>();
        for (String arg : arguments) {
            if (arg.equals("-")) {
                inputs.add(InputFile.stream(stdinName, stdin));
            } else if (hasGlob(arg)) {
                expandGlob(arg, inputs, rejected);
            } else {
                expandPath(Path.of(arg), inputs, rejected, true);
            }
        }
        return inputs;
    }

    private void expandPath(Path path, List<InputFile> inputs, Consumer<Rejected> rejected, boolean explicit) {
        if (Files.isDirectory(path)) {
            try (Stream<Path> walk = Files.walk(path)) {
                walk.filter(p -> !Files.isDirectory(p)).sorted().forEach(p -> expandPath(p, inputs, rejected, false));
            } catch (IOException | UncheckedIOException e) {
                rejected.accept(new Rejected(path.toString(), "folder cannot be listed: " + e.getMessage()));
            }
        } else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) || Files.isRegularFile(path)) {
            if (explicit || nameFilter == null || nameFilter.matches(path.getFileName())) {
                inputs.add(InputFile.of(path));
            }
        } else if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            rejected.accept(new Rejected(path.toString(), "no such file or folder"));
        } else if (explicit || nameFilter == null || nameFilter.matches(path.getFileName())) {
            rejected.accept(new Rejected(path.toString(), "not a regular file (FIFO, socket, device or broken link)"));
        }
    }

    private void expandGlob(String pattern, List<InputFile> inputs, Consumer<Rejected> rejected) {
        Path base = fixedPrefix(pattern);
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        List<InputFile> matched = new ArrayList<>();
        if (Files.isDirectory(base)) {
            try (Stream<Path> walk = Files.walk(base)) {
                // a pattern without a folder ("*.pdf") is matched against paths relative to the current folder
                boolean relative = base.equals(Path.of("."));
                walk.filter(p -> !Files.isDirectory(p))
                        .filter(p -> matcher.matches(relative ? base.relativize(p) : p))
                        .sorted()
                        .forEach(p -> expandPath(p, matched, rejected, true));
            } catch (IOException | UncheckedIOException e) {
                rejected.accept(new Rejected(pattern, "folder cannot be listed: " + e.getMessage()));
                return;
            }
        }
        if (matched.isEmpty()) {
            rejected.accept(new Rejected(pattern, "the pattern matches no file"));
        }
        inputs.addAll(matched);
    }

    private static boolean hasGlob(String arg) {
        return arg.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    private static Path fixedPrefix(String pattern) {
        int firstGlob = 0;
        while (firstGlob < pattern.length() && "*?[{".indexOf(pattern.charAt(firstGlob)) < 0) {
            firstGlob++;
        }
        int slash = pattern.lastIndexOf('/', firstGlob);
        return slash < 0 ? Path.of(".") : Path.of(slash == 0 ? "/" : pattern.substring(0, slash));
    }
}
