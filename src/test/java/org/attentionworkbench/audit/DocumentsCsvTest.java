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
}
