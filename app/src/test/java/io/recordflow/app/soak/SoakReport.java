package io.recordflow.app.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The soak's report in Markdown: the deployment, the faults, the scale-out, the books and each process's peak memory. */
final class SoakReport {

    private SoakReport() {}

    static String write(
            SoakSettings settings,
            SoakBooks books,
            DistributedSoak.ScaleOut scaleOut,
            DistributedSoak.Recovery recovery,
            Map<String, Integer> kills,
            List<String> events,
            List<SoakProcess> processes,
            long elapsedMs,
            int unservedFaults,
            List<String> repeatedIngests,
            List<String> connectorTasks,
            String provedSettings)
            throws IOException {
        StringBuilder md = new StringBuilder();
        md.append(String.format(
                Locale.ROOT,
                """
                # Distributed soak, %s: %,d records (%s), %s

                Every part a separate OS process on 127.0.0.1 (bench/soak.sh; io.recordflow.app.soak.DistributedSoak):
                3 KRaft nodes (`kafka.Kafka server.properties`, settings from docker-compose.yml: RF 3, min ISR 2),
                `recordflow registry`, an Ollama-protocol model server (%d ms per call; one text in %d answered with a
                category outside the taxonomy), `ConnectDistributed` with the plugin unpacked from the built zip and
                docker/connect/*.json (addresses substituted) writing to PostgreSQL and an archive folder, 2 x
                `recordflow enrich` (one application id), `recordflow ingest` over %d folders. Machine: %d cores (shared
                with other work), load average %s at the end; JVM %s.

                ## Result: %s

                | check | value |
                |---|---|
                | records in the corpus | %,d |
                | ingested (distinct recordIds, read_committed) | %,d |
                | enriched: exactly one committed enrichment | %,d |
                | dead-lettered with a reason (not enriched) | %,d |
                | **lost** | **%,d** |
                | **duplicated** (extra committed enrichments, or enriched and dead-lettered) | **%,d** |
                | PostgreSQL rows / rows not holding the latest enrichment / enriched ids without a row | %,d / %,d / %,d |
                | finished bags / bagged ids / archive problems | %,d / %,d / %d |
                | elapsed, first process start to books balanced | %.1f s |
                | model outage (before the kills and fault bursts) | %d s |
                | first new enrichment after the model server came back (backlog %,d then) | %s |
                | throughput back to %.1f records/s (half the scale-out's two-instance rate, or one-instance without one; %d s window) or backlog gone | %s |

                """,
                LocalDate.now(),
                settings.records(),
                settings.variant(),
                books.balanced() ? "balanced" : "NOT balanced",
                settings.latencyMs(),
                settings.outOfTaxonomyEvery(),
                settings.batches(),
                Runtime.getRuntime().availableProcessors(),
                loadAverage(),
                System.getProperty("java.version"),
                books.balanced() ? "lost 0, duplicated 0, every check holds" : "FAILED",
                books.expected(),
                books.ingested(),
                books.enriched(),
                books.deadLettered(),
                books.lost(),
                books.duplicated(),
                books.rows(),
                books.staleRows(),
                books.missingRows(),
                books.bags(),
                books.bagged(),
                books.bagProblems().size(),
                elapsedMs / 1000.0,
                settings.outage().toSeconds(),
                recovery.backlog(),
                seconds(recovery.firstProgressMs(), settings.outage().isZero() ? "no outage" : "no progress measured"),
                recovery.threshold(),
                recovery.trailingMs() / 1000,
                seconds(recovery.rateBackMs(), settings.outage().isZero() ? "no outage" : "not measured")));
        md.append("Deployment settings proved: sha256 ")
                .append(provedSettings)
                .append(" (docker/ as the soak read it; DockerComposeFileTest compares it with the files)\n\n");
        md.append("Review reasons (enriched records that need review): ")
                .append(books.review())
                .append("\n\n");
        md.append("Dead letters by error class: ")
                .append(books.deadLetterReasons())
                .append("\n\n");
        if (!books.bagProblems().isEmpty()) {
            md.append("Archive problems (first 20): ")
                    .append(books.bagProblems()
                            .subList(0, Math.min(20, books.bagProblems().size())))
                    .append("\n\n");
        }
        md.append(String.format(
                Locale.ROOT,
                """
                ## Scale-out

                Nothing is fed during the scale-out. enrich-1's window opens once it has worked through a twelfth of the
                backlog (its warm-up); enrich-2 starts after it (a JVM starting on the same cores would slow enrich-1
                down), and the two-instance window opens when the partitions are split. A window closes early when
                fewer than 20 records wait (after that it would measure the feed or stragglers, not enrichment): each
                rate is over the seconds shown. enrich-1 goes on alone while enrich-2 starts and joins.

                | figure | value |
                |---|---|
                | throughput, enrich-1 alone (%d s window) | %.1f records/s over %.1f s |
                | throughput, enrich-1 and enrich-2 (%d s window) | %.1f records/s over %.1f s |
                | partitions split after enrich-2 started | %,d ms: %s |
                | enrich-2 stopped with SIGTERM (143: the JVM's exit status after the signal and its shutdown hook) | exit %d after %,d ms |
                | enrich-1 owns all partitions, after the SIGTERM | %,d ms |

                ## Faults

                Kills (SIGKILL, each restarted 2-%d s later): %s. Connector tasks at the end: %s.
                Model fault answers queued and never served (no calls were left): %d.
                Ingest runs that failed and were run again (ingest is idempotent; an operator re-runs exit 65): %s.

                """,
                settings.rateWindow().toSeconds(),
                scaleOut.one().perSecond(),
                scaleOut.one().seconds(),
                settings.rateWindow().toSeconds(),
                scaleOut.two().perSecond(),
                scaleOut.two().seconds(),
                scaleOut.splitMs(),
                scaleOut.split(),
                scaleOut.stopExit(),
                scaleOut.stopMs(),
                scaleOut.takeoverMs(),
                settings.killDownMax().toSeconds(),
                kills,
                connectorTasks,
                unservedFaults,
                repeatedIngests.isEmpty() ? "none" : repeatedIngests));
        md.append(
                "## Peak resident set per process (VmHWM, max over restarts)\n\n| process | starts | peak RSS |\n|---|---|---|\n");
        Map<String, long[]> byName = new TreeMap<>();
        for (SoakProcess p : processes) {
            long[] figures = byName.computeIfAbsent(p.name(), n -> new long[2]);
            figures[0] += p.starts();
            figures[1] = Math.max(figures[1], p.peakResidentMiB());
        }
        byName.forEach((name, f) -> md.append(String.format(Locale.ROOT, "| %s | %d | %,d MiB |%n", name, f[0], f[1])));
        md.append("\n## Timeline\n\n```\n");
        events.forEach(e -> md.append(e).append('\n'));
        md.append("```\n");
        return md.toString();
    }

    private static String seconds(long ms, String none) {
        return ms < 0 ? none : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    private static String loadAverage() throws IOException {
        Path loadavg = Path.of("/proc/loadavg");
        return Files.exists(loadavg) ? Files.readString(loadavg).strip() : "unknown";
    }
}
