package org.attentionworkbench.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;
import org.attentionworkbench.audit.AuditColumns;
import org.attentionworkbench.audit.AuditRow;

/**
 * {@code documents.parquet}: the rows of documents.csv as one Parquet file (snappy), for corpora
 * whose CSV is too large to read comfortably: the columns of documents.csv, text columns as UTF-8
 * strings, {@code doc_index} and {@code length} as int32, every value a nullable double (null where
 * the CSV cell is empty). Written by the driver into the output folder (so it needs no file system
 * shared with the executors), whole and moved into place, from the whole CSV at the end of a run.
 */
final class ParquetRows {

    /** The file name inside an audit's output folder. */
    static final String FILE_NAME = "documents.parquet";

    private ParquetRows() {
    }

    /** The schema: documents.csv's columns in its order. */
    static MessageType schema() {
        Types.MessageTypeBuilder b = Types.buildMessage();
        b.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("model");
        b.required(PrimitiveTypeName.INT32).named("doc_index");
        b.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("id");
        b.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("true_label");
        b.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("prediction");
        b.optional(PrimitiveTypeName.DOUBLE).named("confidence");
        b.required(PrimitiveTypeName.INT32).named("length");
        for (String c : AuditColumns.VALUES) b.primitive(PrimitiveTypeName.DOUBLE, Repetition.OPTIONAL).named(c);
        return b.named("audit_row");
    }

    /** Writes {@code rows} to {@code dir}/documents.parquet, replacing it. */
    static Path write(Path dir, List<AuditRow> rows) throws IOException {
        MessageType schema = schema();
        Path target = dir.resolve(FILE_NAME);
        Path tmp = dir.resolve(FILE_NAME + ".tmp");
        Files.deleteIfExists(tmp);
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(tmp)).withType(schema)
                .withCompressionCodec(CompressionCodecName.SNAPPY).withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build()) {
            for (AuditRow r : rows) {
                Group g = groups.newGroup().append("model", r.model()).append("doc_index", r.index())
                        .append("id", r.id()).append("true_label", r.trueLabel()).append("prediction", r.prediction());
                if (Double.isFinite(r.confidence())) g.append("confidence", r.confidence());
                g.append("length", r.length());
                for (String c : AuditColumns.VALUES) {
                    double v = r.value(c);
                    if (Double.isFinite(v)) g.append(c, v);
                }
                w.write(g);
            }
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }
}
