package io.recordflow.enrich.taxonomy;

import io.recordflow.records.Disposition;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/** Reads a records schedule from YAML: the shipped NARA GRS default or an agency's own file. */
public final class TaxonomyLoader {
    /** Classpath location of the shipped default schedule. */
    public static final String DEFAULT_RESOURCE = "/io/recordflow/enrich/taxonomy/default-taxonomy.yaml";

    private TaxonomyLoader() {}

    /** The shipped default built on the NARA General Records Schedule. */
    public static Taxonomy loadDefault() {
        try (InputStream in = TaxonomyLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new TaxonomyException("default taxonomy " + DEFAULT_RESOURCE + " is missing from the classpath");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new TaxonomyException("cannot read default taxonomy " + DEFAULT_RESOURCE, e);
        }
    }

    /** The schedule at {@code path}, or the default when {@code path} is null or blank. */
    public static Taxonomy load(String path) {
        return path == null || path.isBlank() ? loadDefault() : load(Path.of(path));
    }

    public static Taxonomy load(Path path) {
        try {
            return parse(Files.readString(path, StandardCharsets.UTF_8), path.toString());
        } catch (IOException e) {
            throw new TaxonomyException("cannot read taxonomy file " + path + ": " + e.getMessage(), e);
        }
    }

    /** Parses YAML text; {@code origin} names the source in error messages. */
    public static Taxonomy parse(String yaml, String origin) {
        Object root;
        try (Reader reader = new StringReader(yaml)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        } catch (YAMLException | IOException e) {
            throw new TaxonomyException("taxonomy " + origin + " is not valid YAML: " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new TaxonomyException("taxonomy " + origin + " must be a mapping with 'schedule' and 'categories'");
        }
        Object categories = map.get("categories");
        if (!(categories instanceof List<?> list) || list.isEmpty()) {
            throw new TaxonomyException("taxonomy " + origin + " needs a non-empty 'categories' list");
        }
        List<TaxonomyCategory> parsed = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            parsed.add(category(list.get(i), origin + " categories[" + i + "]"));
        }
        try {
            return new Taxonomy(text(map, "schedule", origin, true), text(map, "version", origin, false), parsed);
        } catch (IllegalArgumentException e) {
            throw new TaxonomyException("taxonomy " + origin + ": " + e.getMessage(), e);
        }
    }

    private static TaxonomyCategory category(Object node, String where) {
        if (!(node instanceof Map<?, ?> map)) {
            throw new TaxonomyException(where + " must be a mapping");
        }
        return new TaxonomyCategory(
                text(map, "code", where, true),
                text(map, "title", where, true),
                text(map, "scheduleItem", where, true),
                text(map, "authority", where, false),
                text(map, "description", where, true),
                examples(map, where),
                enumValue(Disposition.class, text(map, "disposition", where, true), where + ".disposition"),
                period(text(map, "retentionPeriod", where, false), where),
                enumValue(Cutoff.class, text(map, "cutoff", where, true), where + ".cutoff"),
                text(map, "retentionRule", where, true));
    }

    private static List<String> examples(Map<?, ?> map, String where) {
        Object value = map.get("examples");
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new TaxonomyException(where + ".examples must be a list of strings");
        }
        return list.stream().map(String::valueOf).toList();
    }

    private static String text(Map<?, ?> map, String key, String where, boolean required) {
        Object value = map.get(key);
        if (value == null || String.valueOf(value).isBlank()) {
            if (required) {
                throw new TaxonomyException(where + " is missing required '" + key + "'");
            }
            return null;
        }
        return String.valueOf(value).trim();
    }

    private static Period period(String value, String where) {
        if (value == null) {
            return null;
        }
        try {
            return Period.parse(value);
        } catch (DateTimeParseException e) {
            throw new TaxonomyException(
                    where + ".retentionPeriod '" + value + "' is not an ISO-8601 period such as P6Y", e);
        }
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String value, String where) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new TaxonomyException(
                    where + " '" + value + "' is not one of " + Arrays.toString(type.getEnumConstants()), e);
        }
    }
}
