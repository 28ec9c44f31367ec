package io.recordflow.app.console;

import io.recordflow.app.config.ClientConfig;
import io.recordflow.app.dlq.DeadLetterReader;
import io.recordflow.app.kafka.TopicScan.Entry;
import io.recordflow.records.AuditEvent;
import io.recordflow.records.DeadLetter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One read of the dead-letter topic and of the redrives audited so far, as the dead-letter pages show them. */
record DeadLetterSnapshot(List<Entry<DeadLetter>> all, Map<String, AuditEvent> redrives) {

    DeadLetterSnapshot {
        all = List.copyOf(all);
        redrives = Map.copyOf(redrives);
    }

    static DeadLetterSnapshot read(ClientConfig client) {
        ConsoleScanReporter reporter = new ConsoleScanReporter();
        return new DeadLetterSnapshot(
                DeadLetterReader.read(client, reporter, List.of()), DeadLetterReader.redrives(client, reporter));
    }

    Optional<Entry<DeadLetter>> find(String id) {
        return all.stream().filter(e -> e.value().getId().equals(id)).findFirst();
    }

    Optional<AuditEvent> redrive(String id) {
        return Optional.ofNullable(redrives.get(id));
    }
}
