package io.recordflow.sink.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * PostgreSQL cannot store the NUL character (U+0000) in {@code text} (SQLState 22021, "invalid byte sequence for
 * encoding UTF8: 0x00") nor in {@code jsonb} (22P05, "unsupported Unicode escape sequence"), yet Tika's text of some
 * binary attachments carries NULs. The records table keeps such a record without them and says, in the row, which
 * fields lost how many; the record on the topic, the archive bag and the original keep them.
 */
final class NulCharacters {

    static final char NUL = '\u0000';

    /** Where the row says what the sink changed. */
    static final String WARNINGS_FIELD = "sinkWarnings";

    private NulCharacters() {}

    /** The value with every NUL removed when it is a string; anything else as it is. */
    static Object strip(Object value) {
        return value instanceof String s && s.indexOf(NUL) >= 0 ? s.replace(String.valueOf(NUL), "") : value;
    }

    /** How many NULs {@code s} holds (0 for null). */
    static int count(String s) {
        if (s == null) {
            return 0;
        }
        int n = 0;
        for (int i = s.indexOf(NUL); i >= 0; i = s.indexOf(NUL, i + 1)) {
            n++;
        }
        return n;
    }

    /** Removes every NUL from the string values (and field names) of {@code json}, counting them by field path. */
    static SortedMap<String, Integer> removeFrom(JsonNode json) {
        SortedMap<String, Integer> removed = new TreeMap<>();
        removeFrom(json, "", removed);
        return removed;
    }

    private static void removeFrom(JsonNode node, String path, Map<String, Integer> removed) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                String childPath = path.isEmpty() ? name : path + "." + name;
                JsonNode child = object.get(name);
                if (child.isTextual() && count(child.textValue()) > 0) {
                    removed.merge(childPath, count(child.textValue()), Integer::sum);
                    object.set(name, TextNode.valueOf((String) strip(child.textValue())));
                } else {
                    removeFrom(child, childPath, removed);
                }
                if (count(name) > 0) {
                    removed.merge(childPath + " (field name)", count(name), Integer::sum);
                    object.set((String) strip(name), object.remove(name));
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode child = array.get(i);
                if (child.isTextual() && count(child.textValue()) > 0) {
                    removed.merge(path + "[]", count(child.textValue()), Integer::sum);
                    array.set(i, TextNode.valueOf((String) strip(child.textValue())));
                } else {
                    removeFrom(child, path + "[]", removed);
                }
            }
        }
    }

    /** The warning a row carries when NULs were removed, or null when none were. */
    static String warning(SortedMap<String, Integer> removed) {
        if (removed.isEmpty()) {
            return null;
        }
        int total = removed.values().stream().mapToInt(Integer::intValue).sum();
        StringBuilder where = new StringBuilder();
        for (Iterator<Map.Entry<String, Integer>> it = removed.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Integer> e = it.next();
            where.append(e.getKey()).append(" (").append(e.getValue()).append(')');
            if (it.hasNext()) {
                where.append(", ");
            }
        }
        return total + " NUL (U+0000) character(s) removed, which PostgreSQL cannot store: " + where
                + "; the record on the topic and the original keep them";
    }
}
