package io.recordflow.app.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The CI soak inside {@code mvn verify}: the distributed deployment as separate processes (the jar and the sink
 * plugin zip the package phase just built), 2,000 records fed while enrich instances, the Connect worker, a broker and
 * the registry are killed with SIGKILL and the model server fails and goes away; the books must balance.
 */
class DistributedSoakIT {

    @Test
    void shouldLoseAndDuplicateNothingWhileProcessesAreKilledAndTheModelServerFails() throws Exception {
        Path target = Path.of(System.getProperty("user.dir"), "target");
        SoakSettings ci = SoakSettings.variant("ci", target, target.resolve("soak-results"));

        DistributedSoak.Outcome outcome = DistributedSoak.run(ci);

        SoakBooks books = outcome.books();
        String see = "see " + outcome.report() + " and the logs in " + outcome.work();
        assertThat(books.lost()).as("lost; " + see).isZero();
        assertThat(books.duplicated()).as("duplicated; " + see).isZero();
        assertThat(books.ingested()).as("ingested; " + see).isEqualTo(ci.records());
        assertThat(books.balanced()).as("books (rows, bags); " + see).isTrue();
        assertThat(outcome.kills().entrySet().stream()
                        .filter(e -> e.getKey().startsWith("enrich-"))
                        .mapToInt(e -> e.getValue())
                        .sum())
                .as("enrich kills; " + see)
                .isEqualTo(ci.enrichKills());
        assertThat(outcome.kills()).as("kills; " + see).containsEntry("connect", ci.connectKills());
        // The bar: progress resumes within 30 s of the model server's recovery, restarting nothing.
        assertThat(outcome.recovery().firstProgressMs())
                .as("ms from the model server's recovery to the first new enrichment; " + see)
                .isBetween(0L, 30_000L);
    }
}
