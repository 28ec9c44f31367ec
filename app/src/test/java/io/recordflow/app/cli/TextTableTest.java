package io.recordflow.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Command tables print one line per row whatever the record values hold. */
class TextTableTest {

    @Test
    void shouldEscapeLineBreaksAndTerminalEscapesInCellsSoAFileNameCannotAddLines() {
        StringWriter text = new StringWriter();
        new TextTable("FILE", "STATUS")
                .row("memo\nok  forged.pdf\u001b[2J", "FAILED")
                .row("plain.pdf", "ok")
                .print(new PrintWriter(text));

        assertThat(text.toString().lines())
                .hasSize(3)
                .contains("memo\\nok  forged.pdf\\u001b[2J  FAILED")
                .last()
                .asString()
                .startsWith("plain.pdf ");
        assertThat(text.toString()).doesNotContain("\u001b");
    }

    @Test
    void shouldAbbreviateAThreeHundredCharacterNameOnOneLine() {
        String name = "x".repeat(296) + ".pdf";
        assertThat(TextTable.abbreviate(name, 40)).hasSize(40).endsWith("…");
        assertThat(TextTable.abbreviate("a\u001b[31mb", 40)).isEqualTo("a\\u001b[31mb");
    }

    @Test
    void shouldLeaveOrdinaryTextAlone() {
        assertThat(OneLine.of("Budget FY2026 – Office of Records.xlsx"))
                .isEqualTo("Budget FY2026 – Office of Records.xlsx");
        assertThat(OneLine.of(null)).isEqualTo("null");
    }
}
