package io.recordflow.serde;

import io.recordflow.records.AgencyRecord;
import io.recordflow.records.AttachmentRef;
import io.recordflow.records.EmailMetadata;
import io.recordflow.records.ImageMetadata;
import io.recordflow.records.Modality;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Fully populated sample records: every nested type, logical type, array and map is exercised. */
public final class SampleRecords {
    private SampleRecords() {}

    public static AgencyRecord agencyRecord(int i) {
        Instant base = Instant.parse("2024-03-01T10:15:30.123Z");
        return AgencyRecord.newBuilder()
                .setRecordId("rec-" + i)
                .setSourceUri("file:///records/inbox/memo-" + i + ".pdf")
                .setTitle("Memorandum " + i)
                .setCreator("J. Doe")
                .setAddressees(List.of("records@agency.example", "office" + (i % 7) + "@agency.example"))
                .setAgency("Department of Examples")
                .setOffice("Office " + (i % 13))
                .setSubjects(List.of("budget", "fy" + (2020 + i % 5)))
                .setDateCreated(base.plusSeconds(i))
                .setDateReceived(i % 2 == 0 ? base.plusSeconds(2L * i) : null)
                .setIngestedAt(base.plusSeconds(3L * i))
                .setModality(i % 3 == 0 ? Modality.IMAGE : i % 3 == 1 ? Modality.EMAIL : Modality.DOCUMENT)
                .setMediaType("application/pdf")
                .setFormat("PDF 1.7")
                .setFileName("memo-" + i + ".pdf")
                .setSizeBytes(10_000L + i)
                .setSha256(String.format("%064x", i))
                .setContentUri("blob://originals/" + i)
                .setPageCount(1 + i % 9)
                .setLanguage("en")
                .setText("Text of record " + i + " — with non-ASCII: é, ß, 漢字")
                .setTextLength(40 + i)
                .setTextTruncated(i % 10 == 0)
                .setImage(
                        i % 3 == 0
                                ? ImageMetadata.newBuilder()
                                        .setWidth(1700)
                                        .setHeight(2200)
                                        .setResolutionDpi(200.0)
                                        .setDateTaken(base)
                                        .setGpsLatitude(38.8977)
                                        .build()
                                : null)
                .setEmail(
                        i % 3 == 1
                                ? EmailMetadata.newBuilder()
                                        .setFrom("a@agency.example")
                                        .setTo(List.of("b@agency.example"))
                                        .setSubject("Re: memo " + i)
                                        .setSentAt(base.minusSeconds(60))
                                        .build()
                                : null)
                .setAttachments(List.of(AttachmentRef.newBuilder()
                        .setRecordId("att-" + i)
                        .setName("annex.docx")
                        .setSizeBytes(512L)
                        .build()))
                .setVitalRecord(i % 50 == 0)
                .setCustomMetadata(Map.of("batch", String.valueOf(i / 100), "scanner", "S-" + (i % 4)))
                .build();
    }
}
