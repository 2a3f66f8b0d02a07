package org.attentionworkbench.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** documents.csv is split by the data package's CSV rules: a line with broken quoting is named, not guessed. */
class DocumentsCsvTest {

    @TempDir
    Path tmp;

    @Test
    void brokenQuotingIsAMalformedLineWithItsNumber() throws Exception {
        Path f = tmp.resolve(DocumentsCsv.FILE_NAME);
        String header = String.join(",", AuditColumns.all());
        String values = ",".repeat(AuditColumns.VALUES.size());
        Files.writeString(f, header + "\n\"m, one\",0,\"id \"\"7\"\"\",pos,pos,0.9,12" + values + "\nm,1,x\"y,pos,neg,0.5,3" + values + "\n");
        AuditException e = assertThrows(AuditException.class, () -> DocumentsCsv.read(f));
        assertEquals(f + " line 3: quote inside an unquoted field (quote the whole field and double inner quotes)",
                e.getMessage());

        Files.writeString(f, header + "\n\"m, one\",0,\"id \"\"7\"\"\",pos,pos,0.9,12" + values + "\n");
        List<AuditRow> rows = DocumentsCsv.read(f);
        assertEquals("m, one", rows.get(0).model());
        assertEquals("id \"7\"", rows.get(0).id());
        assertTrue(Double.isNaN(rows.get(0).value(AuditColumns.VALUES.get(0))));
    }

    /**
     * A row travels between processes as its line (DocumentsCsv.line / parseLine, the Spark engine's
     * wire format) and comes back equal, quoting and empty cells included; several rows appended in
     * one write read back whole, and a write cut off mid-line loses only that line.
     */
    @Test
    void aRowSurvivesItsLineAndRowsAppendedTogetherReadBackWhole() throws Exception {
        java.util.Map<String, Double> v = new java.util.LinkedHashMap<>();
        v.put(AuditColumns.VALUES.get(0), 0.25);
        v.put(AuditColumns.VALUES.get(3), -1.5e-7);
        AuditRow a = new AuditRow("m, one", 3, "id \"7\"", "pos", "neg", 0.625, 12, v);
        AuditRow b = new AuditRow("m, one", 5, "x", "", "pos", Double.NaN, 0, java.util.Map.of());
        assertEquals(a, DocumentsCsv.parseLine(DocumentsCsv.line(a), f("wire")));
        AuditRow back = DocumentsCsv.parseLine(DocumentsCsv.line(b), f("wire"));
        assertEquals(b.key(), back.key());
        assertTrue(Double.isNaN(back.confidence()) && back.values().isEmpty());

        Path file = tmp.resolve(DocumentsCsv.FILE_NAME);
        try (DocumentsCsv csv = DocumentsCsv.append(file)) {
            csv.writeAll(List.of(a, b));
        }
        assertEquals(List.of(a.key(), b.key()), DocumentsCsv.read(file).stream().map(AuditRow::key).toList());
        Files.writeString(file, DocumentsCsv.line(a).replace(",3,", ",4,").substring(0, 20),
                java.nio.file.StandardOpenOption.APPEND); // a kill in the middle of the next write
        assertEquals(2, DocumentsCsv.read(file).size(), "the cut-off line is dropped, the whole ones kept");
    }

    private Path f(String name) {
        return tmp.resolve(name);
    }
}
