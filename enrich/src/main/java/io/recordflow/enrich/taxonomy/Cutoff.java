package io.recordflow.enrich.taxonomy;

/** When a records-schedule retention period starts counting. */
public enum Cutoff {
    /** End of the calendar year in which the record was created. */
    CALENDAR_YEAR,
    /** End of the U.S. federal fiscal year (30 September) in which the record was created. */
    FISCAL_YEAR,
    /** A business event (final payment, case closure); estimated from the record's own date. */
    EVENT,
    /** No cutoff: the period (if any) runs from the record's date. */
    NONE
}
