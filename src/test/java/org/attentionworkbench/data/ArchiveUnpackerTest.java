package org.attentionworkbench.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tar.gz and zip unpacking, including archives crafted to write outside the target folder. */
class ArchiveUnpackerTest {

    @TempDir
    Path tmp;

    private Path archive(String name, byte[] bytes) throws IOException {
        Path p = tmp.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    @Test
    void tarGzWithFoldersLongNamesAndUstarPrefix() throws IOException {
        String longName = "aclImdb/train/pos/" + "x".repeat(120) + "_9.txt";
        byte[] bytes = new TestArchives()
                .dir("aclImdb/")
                .file("aclImdb/train/neg/0_3.txt", "A bad film.")
                .file(longName, "A long name.")
                .fileWithPrefix("aclImdb/test", "pos/1_10.txt", "Prefixed.")
                .symlink("aclImdb/link", "train/neg/0_3.txt") // inside: allowed, but not created
                .tarGz();
        Path out = tmp.resolve("out");
        int files = ArchiveUnpacker.unpack(archive("a.tar.gz", bytes), "tar.gz", out);
        assertEquals(3, files);
        assertEquals("A bad film.", Files.readString(out.resolve("aclImdb/train/neg/0_3.txt")));
        assertEquals("A long name.", Files.readString(out.resolve(longName)));
        assertEquals("Prefixed.", Files.readString(out.resolve("aclImdb/test/pos/1_10.txt")));
        assertFalse(Files.exists(out.resolve("aclImdb/link")));
    }

    @Test
    void tarGzTraversalAbsoluteAndEscapingSymlinkAreRejected() throws IOException {
        Path out = tmp.resolve("target/inner");
        byte[] dotdot = new TestArchives().file("ok.txt", "fine").file("../evil.txt", "pwned").tarGz();
        DatasetException e = assertThrows(DatasetException.class,
                () -> ArchiveUnpacker.unpack(archive("dotdot.tar.gz", dotdot), "tar.gz", out));
        assertEquals("refusing to unpack unsafe archive entry \"../evil.txt\": path contains \"..\"", e.getMessage());
        assertFalse(Files.exists(tmp.resolve("target/evil.txt")));

        byte[] nested = new TestArchives().file("a/b/../../../evil.txt", "pwned").tarGz();
        assertThrows(DatasetException.class,
                () -> ArchiveUnpacker.unpack(archive("nested.tar.gz", nested), "tar.gz", out));

        byte[] absolute = new TestArchives().file("/tmp/evil.txt", "pwned").tarGz();
        DatasetException abs = assertThrows(DatasetException.class,
                () -> ArchiveUnpacker.unpack(archive("abs.tar.gz", absolute), "tar.gz", out));
        assertTrue(abs.getMessage().endsWith("absolute path"), abs.getMessage());

        byte[] link = new TestArchives().symlink("data/escape", "../../..").file("data/escape/evil.txt", "x").tarGz();
        DatasetException sym = assertThrows(DatasetException.class,
                () -> ArchiveUnpacker.unpack(archive("link.tar.gz", link), "tar.gz", out));
        assertTrue(sym.getMessage().contains("points outside the target folder"), sym.getMessage());
        byte[] absLink = new TestArchives().symlink("etc", "/etc").tarGz();
        assertThrows(DatasetException.class,
                () -> ArchiveUnpacker.unpack(archive("abslink.tar.gz", absLink), "tar.gz", out));
        assertFalse(Files.exists(tmp.resolve("evil.txt")));
    }

    @Test
    void zipUnpacksAndRejectsTraversal() throws IOException {
        Path out = tmp.resolve("zipout");
        int files = ArchiveUnpacker.unpack(archive("ok.zip",
                TestArchives.zip("trees/dev.txt", "(2 (2 x))\n", "trees/test.txt", "(3 (3 y))\n")), "zip", out);
        assertEquals(2, files);
        assertEquals("(3 (3 y))\n", Files.readString(out.resolve("trees/test.txt")));

        Path evilOut = tmp.resolve("zipevil/inner");
        DatasetException e = assertThrows(DatasetException.class, () -> ArchiveUnpacker.unpack(
                archive("evil.zip", TestArchives.zip("trees/ok.txt", "x", "../../evil.txt", "pwned")), "zip", evilOut));
        assertTrue(e.getMessage().contains("\"../../evil.txt\""), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("evil.txt")));
        assertThrows(DatasetException.class, () -> ArchiveUnpacker.unpack(
                archive("win.zip", TestArchives.zip("..\\evil.txt", "pwned")), "zip", evilOut));
    }

    @Test
    void notAnArchiveIsAClearError() throws IOException {
        Path junk = archive("junk.tar.gz", "this is not gzip".getBytes());
        DatasetException e = assertThrows(DatasetException.class,
                () -> ArchiveUnpacker.unpack(junk, "tar.gz", tmp.resolve("j")));
        assertTrue(e.getMessage().startsWith("cannot unpack " + junk), e.getMessage());
    }

    @Test
    void longNamesAreCheckedLikeShortOnes() throws IOException {
        Path out = tmp.resolve("long/inner");
        String climbing = "a/" + "b".repeat(110) + "/../../../evil.txt";
        DatasetException e = assertThrows(DatasetException.class, () -> ArchiveUnpacker.unpack(
                archive("longdotdot.tar.gz", new TestArchives().file(climbing, "pwned").tarGz()), "tar.gz", out));
        assertEquals("refusing to unpack unsafe archive entry \"" + climbing + "\": path contains \"..\"", e.getMessage());

        // A long absolute name: refused, or (Commons Compress makes GNU long names relative) written
        // inside the folder; never outside it.
        String absolute = tmp.resolve("outside/" + "c".repeat(110) + ".txt").toString();
        try {
            ArchiveUnpacker.unpack(archive("longabs.tar.gz", new TestArchives().file(absolute, "x").tarGz()), "tar.gz", out);
            assertTrue(Files.exists(out.resolve(absolute.substring(1))));
        } catch (DatasetException refused) {
            assertTrue(refused.getMessage().endsWith("absolute path"), refused.getMessage());
        }
        assertFalse(Files.exists(Path.of(absolute)));
    }

    @Test
    void aCorruptOrTruncatedTarIsAClearError() throws IOException {
        byte[] good = new TestArchives().file("a.txt", "x".repeat(3000)).tarGz();
        byte[] tarBytes = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(good)).readAllBytes();
        byte[] badSum = tarBytes.clone();
        badSum[0] = 'b'; // the name changes, the stored checksum does not
        DatasetException e = assertThrows(DatasetException.class,
                () -> ArchiveUnpacker.unpack(archive("badsum.tar.gz", gzip(badSum)), "tar.gz", tmp.resolve("c")));
        assertTrue(e.getMessage().startsWith("cannot unpack "), e.getMessage());

        byte[] cut = java.util.Arrays.copyOf(tarBytes, 512 + 1000); // header and part of the data
        DatasetException t = assertThrows(DatasetException.class,
                () -> ArchiveUnpacker.unpack(archive("cut.tar.gz", gzip(cut)), "tar.gz", tmp.resolve("t")));
        assertTrue(t.getMessage().startsWith("cannot unpack ") && t.getMessage().contains("corrupt or truncated"),
                t.getMessage());
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }
}
