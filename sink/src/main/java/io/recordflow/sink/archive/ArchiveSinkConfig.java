package io.recordflow.sink.archive;

import io.recordflow.sink.delivery.RetrySettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/** Configuration of {@link RecordsArchiveSinkConnector}. */
public final class ArchiveSinkConfig extends AbstractConfig {

    public static final String ARCHIVE_DIR = "archive.dir";
    public static final String BLOB_ROOT = "blob.root";
    public static final String BAG_MAX_RECORDS = "bag.max.records";
    public static final String BAG_MAX_BYTES = "bag.max.bytes";
    public static final String BAG_MAX_AGE_MS = "bag.max.age.ms";
    public static final String SOURCE_ORGANIZATION = "bag.source.organization";
    public static final String CONTACT_EMAIL = "bag.contact.email";

    public static final ConfigDef CONFIG_DEF = RetrySettings.define(new ConfigDef(), "disk full, I/O errors")
            .define(
                    ARCHIVE_DIR,
                    Type.STRING,
                    ConfigDef.NO_DEFAULT_VALUE,
                    new ConfigDef.NonEmptyString(),
                    Importance.HIGH,
                    "Directory that receives finished BagIt bags; bags being filled live in its .incomplete sub-directory.")
            .define(
                    BLOB_ROOT,
                    Type.STRING,
                    ConfigDef.NO_DEFAULT_VALUE,
                    new ConfigDef.NonEmptyString(),
                    Importance.HIGH,
                    "Root directory of the content-addressed blob store; a record's contentUri must be a file: URI under it.")
            .define(
                    BAG_MAX_RECORDS,
                    Type.INT,
                    1_000,
                    Range.between(1, 1_000_000),
                    Importance.MEDIUM,
                    "A bag is finished once it holds this many records.")
            .define(
                    BAG_MAX_BYTES,
                    Type.LONG,
                    1L << 30,
                    Range.atLeast(1L),
                    Importance.MEDIUM,
                    "A bag is finished once its payload reaches this many bytes.")
            .define(
                    BAG_MAX_AGE_MS,
                    Type.LONG,
                    900_000L,
                    Range.atLeast(100L),
                    Importance.MEDIUM,
                    "A bag is finished this long after its first record, even when not full.")
            .define(
                    SOURCE_ORGANIZATION,
                    Type.STRING,
                    "",
                    Importance.MEDIUM,
                    "Source-Organization written to bag-info.txt (the transferring agency).")
            .define(CONTACT_EMAIL, Type.STRING, "", Importance.LOW, "Contact-Email written to bag-info.txt.");

    public ArchiveSinkConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
    }

    public Path archiveDir() {
        return Path.of(getString(ARCHIVE_DIR)).toAbsolutePath().normalize();
    }

    public Path blobRoot() {
        return Path.of(getString(BLOB_ROOT)).toAbsolutePath().normalize();
    }

    public int maxRecords() {
        return getInt(BAG_MAX_RECORDS);
    }

    public long maxBytes() {
        return getLong(BAG_MAX_BYTES);
    }

    public Duration maxAge() {
        return Duration.ofMillis(getLong(BAG_MAX_AGE_MS));
    }

    public String sourceOrganization() {
        return getString(SOURCE_ORGANIZATION);
    }

    public String contactEmail() {
        return getString(CONTACT_EMAIL);
    }
}
