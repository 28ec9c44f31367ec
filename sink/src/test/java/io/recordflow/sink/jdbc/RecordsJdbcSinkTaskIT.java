package io.recordflow.sink.jdbc;

import static io.recordflow.sink.fixtures.EnrichedRecords.BASE_TIME;
import static io.recordflow.sink.fixtures.EnrichedRecords.enriched;
import static io.recordflow.sink.fixtures.EnrichedRecords.sinkRecord;
import static io.recordflow.sink.fixtures.EnrichedRecords.tombstone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recordflow.records.EnrichedRecord;
import io.recordflow.sink.fixtures.PostgresSchema;
import io.recordflow.sink.fixtures.RecordingTaskContext;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RecordsJdbcSinkTaskIT {

    private static final String TOPIC = "records.enriched.v1";

    private PostgresSchema schema;
    private RecordsJdbcSinkTask task;
    private RecordingTaskContext context;

    @BeforeEach
    void createSchema() {
        schema = new PostgresSchema("jdbc_task");
    }

    @AfterEach
    void dropSchema() throws Exception {
        if (task != null) {
            task.stop();
        }
        schema.close();
    }

    private Map<String, String> config(String... overrides) {
        return schema.sinkConfig(
                Map.of(JdbcSinkConfig.BATCH_SIZE, "50", JdbcSinkConfig.RETRY_BACKOFF_MS, "10"), overrides);
    }

    private void startTask(boolean withReporter, String... overrides) {
        context = new RecordingTaskContext(withReporter);
        task = new RecordsJdbcSinkTask();
        task.initialize(context);
        task.start(config(overrides));
    }

    private static List<SinkRecord> records(int from, int count, long firstOffset) {
        List<SinkRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(sinkRecord(TOPIC, 0, firstOffset + i, enriched(from + i)));
        }
        return records;
    }

    @Test
    void shouldCreateTableAndWriteTypedColumnsJsonbAndSearchableText() throws Exception {
        startTask(true);
        task.put(records(0, 120, 0));

        assertThat(schema.count("records")).isEqualTo(120);
        assertThat(schema.queryStrings("SELECT title || '|' || classification_code || '|' || disposition || '|'"
                        + " || disposition_date || '|' || (attributes->'record'->>'agency') || '|' || (attributes->'record' ? 'text')"
                        + " FROM \"" + schema.name() + "\".records WHERE record_id = 'rec-7'"))
                .containsExactly("Budget memo 7|GRS-5.2-020|TEMPORARY|2032-09-30|Department of Records|false");
        assertThat(schema.queryLong("SELECT count(*) FROM \"" + schema.name() + "\".records"
                        + " WHERE search @@ plainto_tsquery('english', 'fiscal budgets')"))
                .isEqualTo(120);
        assertThat(schema.queryStrings("SELECT indexname FROM pg_indexes WHERE schemaname = '" + schema.name() + "'"))
                .contains("records_search_idx", "records_pkey");
    }

    @Test
    void shouldStayIdempotentWhenTheSameRecordsArriveAgain() throws Exception {
        startTask(true);
        task.put(records(0, 100, 0));
        task.put(records(0, 100, 0));
        task.put(records(50, 100, 100));

        assertThat(schema.count("records")).isEqualTo(150);
    }

    @Test
    void shouldKeepTheNewerEnrichmentWhenAnOlderOneArrivesLate() throws Exception {
        startTask(true);
        EnrichedRecord newer = enriched(1, BASE_TIME.plusSeconds(3_600), "llama3.1:8b")
                .setSummary("newer")
                .build();
        EnrichedRecord older = enriched(1, BASE_TIME.plusSeconds(60), "llama3.1:8b")
                .setSummary("older")
                .build();
        EnrichedRecord sameTimeLaterModel = enriched(1, BASE_TIME.plusSeconds(3_600), "llama3.2:8b")
                .setSummary("same time, later model")
                .build();

        task.put(List.of(sinkRecord(TOPIC, 0, 0, newer)));
        task.put(List.of(sinkRecord(TOPIC, 0, 1, older)));
        assertThat(summaryOf("rec-1")).isEqualTo("newer");

        task.put(List.of(sinkRecord(TOPIC, 0, 2, sameTimeLaterModel)));
        assertThat(summaryOf("rec-1")).isEqualTo("same time, later model");
    }

    @Test
    void shouldKeepTheNewestOfSeveralVersionsArrivingInOneBatch() throws Exception {
        startTask(true);
        task.put(List.of(
                sinkRecord(
                        TOPIC,
                        0,
                        0,
                        enriched(1, BASE_TIME.plusSeconds(600), "llama3.1:8b")
                                .setSummary("middle")
                                .build()),
                sinkRecord(
                        TOPIC,
                        0,
                        1,
                        enriched(1, BASE_TIME.plusSeconds(900), "llama3.1:8b")
                                .setSummary("newest")
                                .build()),
                sinkRecord(
                        TOPIC,
                        0,
                        2,
                        enriched(1, BASE_TIME.plusSeconds(60), "llama3.1:8b")
                                .setSummary("oldest")
                                .build()),
                sinkRecord(
                        TOPIC,
                        0,
                        3,
                        enriched(2, BASE_TIME.plusSeconds(60), "llama3.1:8b")
                                .setSummary("a")
                                .build()),
                tombstone(TOPIC, 0, 4, "rec-2"),
                sinkRecord(
                        TOPIC,
                        0,
                        5,
                        enriched(2, BASE_TIME.plusSeconds(30), "llama3.1:8b")
                                .setSummary("b")
                                .build()),
                sinkRecord(
                        TOPIC,
                        0,
                        6,
                        enriched(3, BASE_TIME.plusSeconds(60), "llama3.1:8b")
                                .setSummary("first")
                                .build()),
                sinkRecord(
                        TOPIC,
                        0,
                        7,
                        enriched(3, BASE_TIME.plusSeconds(60), "llama3.1:8b")
                                .setSummary("replayed")
                                .build())));

        assertThat(summaryOf("rec-1")).isEqualTo("newest");
        assertThat(summaryOf("rec-2")).isEqualTo("b");
        assertThat(summaryOf("rec-3")).isEqualTo("replayed");
    }

    private String summaryOf(String recordId) throws Exception {
        return schema.queryStrings(
                        "SELECT summary FROM \"" + schema.name() + "\".records WHERE record_id = '" + recordId + "'")
                .get(0);
    }

    @Test
    void shouldDeleteOnTombstoneOnlyWhenEnabled() throws Exception {
        startTask(true);
        task.put(records(0, 3, 0));
        task.put(List.of(tombstone(TOPIC, 0, 3, "rec-1")));
        assertThat(schema.queryStrings("SELECT record_id FROM \"" + schema.name() + "\".records ORDER BY 1"))
                .containsExactly("rec-0", "rec-2");
        task.stop();

        startTask(true, JdbcSinkConfig.DELETE_ENABLED, "false");
        task.put(List.of(tombstone(TOPIC, 0, 4, "rec-2")));
        assertThat(schema.count("records")).isEqualTo(2);
    }

    @Test
    void shouldStoreTextWithNulCharactersWithoutThemAndSayWhatWasRemoved() throws Exception {
        startTask(true);
        EnrichedRecord withNul = enriched(3);
        // as Tika extracts some binary attachments: NUL between the characters of the text (and in a title)
        withNul.getRecord().setText("B\u0000u\u0000d\u0000get memo");
        withNul.getRecord().setTitle("Budget\u0000memo");
        withNul.setSummary("A memo\u0000 about the budget.");

        task.put(List.of(sinkRecord(TOPIC, 0, 0, withNul)));

        assertThat(context.reported).as("dead letters").isEmpty();
        assertThat(schema.queryStrings(
                        "SELECT title || '|' || text || '|' || summary || '|' || (attributes->'record'->>'title')"
                                + " FROM \"" + schema.name() + "\".records WHERE record_id = 'rec-3'"))
                .containsExactly("Budgetmemo|Budget memo|A memo about the budget.|Budgetmemo");
        assertThat(schema.queryStrings("SELECT jsonb_array_elements_text(attributes->'sinkWarnings') FROM \""
                        + schema.name() + "\".records WHERE record_id = 'rec-3'"))
                .singleElement()
                .asString()
                .contains("5 NUL (U+0000) character(s) removed")
                .contains("record.text", "record.title", "summary");
    }

    @Test
    void shouldReportAConstraintViolationWithItsReasonAndWriteTheRestOfTheBatch() throws Exception {
        startTask(true);
        List<SinkRecord> batch = records(0, 10, 0);
        EnrichedRecord bad = enriched(99);
        bad.getClassification().setConfidence(1.5);
        batch.set(4, sinkRecord(TOPIC, 0, 4, bad));

        task.put(batch);

        assertThat(schema.count("records")).isEqualTo(9);
        assertThat(context.reported).hasSize(1);
        assertThat(context.reported.get(0).record().kafkaOffset()).isEqualTo(4);
        assertThat(context.reported.get(0).reason().getMessage())
                .contains("23514")
                .contains("records_classification_confidence_check");
        assertThat(task.preCommit(Map.of(new TopicPartition(TOPIC, 0), new OffsetAndMetadata(10))))
                .containsEntry(new TopicPartition(TOPIC, 0), new OffsetAndMetadata(10));
    }

    @Test
    void shouldFailNamingTopicPartitionAndOffsetWhenNoDeadLetterQueueIsConfigured() {
        startTask(false);
        EnrichedRecord bad = enriched(5);
        bad.getRecord().setSha256("not-a-sha");

        assertThatThrownBy(() -> task.put(List.of(sinkRecord(TOPIC, 2, 41, bad))))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining(TOPIC + "-2 offset 41")
                .hasMessageContaining("records_sha256_check");
    }

    @Test
    void shouldRetryTransientFailuresWithBackoffThenFailLoudly() throws Exception {
        startTask(
                true,
                JdbcSinkConfig.CONNECTION_URL,
                PostgresSchema.URL + "?options=-c%20lock_timeout%3D200",
                JdbcSinkConfig.MAX_RETRIES,
                "2");
        task.put(records(0, 1, 0));
        TopicPartition partition = new TopicPartition(TOPIC, 0);

        try (Connection locker = schema.connect();
                Statement lock = locker.createStatement()) {
            locker.setAutoCommit(false);
            lock.execute("LOCK TABLE \"" + schema.name() + "\".records IN ACCESS EXCLUSIVE MODE");
            assertThatThrownBy(() -> task.put(records(1, 5, 1))).isInstanceOf(RetriableException.class);
            assertThatThrownBy(() -> task.put(records(1, 5, 1))).isInstanceOf(RetriableException.class);
            assertThat(task.preCommit(Map.of(partition, new OffsetAndMetadata(6))))
                    .containsEntry(partition, new OffsetAndMetadata(1));
            assertThatThrownBy(() -> task.put(records(1, 5, 1)))
                    .isInstanceOf(ConnectException.class)
                    .isNotInstanceOf(RetriableException.class)
                    .hasMessageContaining("giving up after 2 retries");
            locker.rollback();
        }
        assertThat(context.timeouts).containsExactly(10L, 20L);

        task.put(records(1, 5, 1));
        assertThat(schema.count("records")).isEqualTo(6);
        assertThat(task.preCommit(Map.of(partition, new OffsetAndMetadata(6))))
                .containsEntry(partition, new OffsetAndMetadata(6));
    }

    @Test
    void shouldRefuseToStartWhenValidatingATableThatDoesNotMatch() throws Exception {
        schema.execute("CREATE SCHEMA \"" + schema.name() + "\"");
        schema.execute("CREATE TABLE \"" + schema.name() + "\".records (record_id text, title int)");
        context = new RecordingTaskContext(true);
        task = new RecordsJdbcSinkTask();
        task.initialize(context);

        assertThatThrownBy(() -> task.start(config(JdbcSinkConfig.SCHEMA_MODE, "validate")))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("column title is integer, expected text")
                .hasMessageContaining("missing column classification_code")
                .hasMessageContaining("no primary key or unique constraint");
        task = null;
    }

    @Test
    void shouldAcceptATableItCreatedEarlierInValidateMode() throws Exception {
        startTask(true);
        task.stop();
        startTask(true, JdbcSinkConfig.SCHEMA_MODE, "validate");
        task.put(records(0, 2, 0));
        assertThat(schema.count("records")).isEqualTo(2);
    }
}
