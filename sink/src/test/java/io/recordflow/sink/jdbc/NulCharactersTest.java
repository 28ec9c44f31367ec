package io.recordflow.sink.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class NulCharactersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldRemoveNulsFromStringsAtAnyDepthAndCountThemByField() throws Exception {
        ObjectNode json = (ObjectNode) JSON.readTree(
                "{\"summary\":\"a\\u0000b\",\"record\":{\"subjects\":[\"x\\u0000\\u0000\",\"y\"],\"size\":3}}");

        assertThat(NulCharacters.removeFrom(json)).containsExactly(entry("record.subjects[]", 2), entry("summary", 1));
        assertThat(json.toString())
                .isEqualTo("{\"summary\":\"ab\",\"record\":{\"subjects\":[\"x\",\"y\"],\"size\":3}}");
    }

    @Test
    void shouldLeaveEverythingElseAsItIs() {
        assertThat(NulCharacters.strip("plain")).isEqualTo("plain");
        assertThat(NulCharacters.strip(42L)).isEqualTo(42L);
        assertThat(NulCharacters.strip(null)).isNull();
        assertThat(NulCharacters.count(null)).isZero();
        assertThat(NulCharacters.warning(new TreeMap<>())).isNull();
    }
}
