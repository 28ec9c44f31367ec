package io.recordflow.serde;

import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * The data model of one generated class that resolves the named types of that class's own schema
 * directly, so reading does not depend on Avro's trusted-package list
 * ({@code org.apache.avro.SERIALIZABLE_PACKAGES}): the caller chose the class, so the classes its
 * schema names are trusted. Other names still go through Avro's checks.
 */
final class TrustedSpecificData extends SpecificData {
    private final Map<String, Class<?>> namedTypes = new HashMap<>();

    TrustedSpecificData(Class<? extends SpecificRecord> recordClass) {
        super(recordClass.getClassLoader());
        // Keep the generated model's logical-type conversions (e.g. timestamp-millis as Instant).
        SpecificData.getForClass(recordClass).getConversions().forEach(this::addLogicalTypeConversion);
        collect(SpecificData.get().getSchema(recordClass), recordClass.getClassLoader());
    }

    private void collect(Schema schema, ClassLoader loader) {
        switch (schema.getType()) {
            case RECORD -> {
                if (register(schema, loader)) {
                    schema.getFields().forEach(f -> collect(f.schema(), loader));
                }
            }
            case ENUM, FIXED -> register(schema, loader);
            case ARRAY -> collect(schema.getElementType(), loader);
            case MAP -> collect(schema.getValueType(), loader);
            case UNION -> schema.getTypes().forEach(t -> collect(t, loader));
            default -> {
                // primitives need no class
            }
        }
    }

    private boolean register(Schema schema, ClassLoader loader) {
        if (namedTypes.containsKey(schema.getFullName())) {
            return false;
        }
        try {
            namedTypes.put(schema.getFullName(), Class.forName(getClassName(schema), false, loader));
        } catch (ClassNotFoundException e) {
            // No generated class (e.g. a fixed without one): Avro falls back to generic objects.
            namedTypes.put(schema.getFullName(), null);
        }
        return true;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class getClass(Schema schema) {
        Class<?> known = namedTypes.get(schema.getFullName());
        boolean named = schema.getType() == Schema.Type.RECORD
                || schema.getType() == Schema.Type.ENUM
                || schema.getType() == Schema.Type.FIXED;
        return named && known != null ? known : super.getClass(schema);
    }
}
