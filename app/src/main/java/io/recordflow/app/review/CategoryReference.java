package io.recordflow.app.review;

import io.recordflow.records.AgencyRecord;
import io.recordflow.records.Retention;
import java.util.Collection;
import java.util.Optional;

/** What a human decision's category code is checked against and labelled from. */
public interface CategoryReference {

    /** Where the categories come from, for messages. */
    String origin();

    Collection<String> codes();

    default boolean contains(String code) {
        return codes().contains(code);
    }

    Optional<String> label(String code);

    /** The retention the category gives {@code record}; without a disposition date when it cannot be computed. */
    Optional<Retention> retention(String code, AgencyRecord record);
}
