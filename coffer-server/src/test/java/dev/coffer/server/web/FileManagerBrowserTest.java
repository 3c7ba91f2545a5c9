package dev.coffer.server.web;

import static dev.coffer.server.web.WebUiFixture.signIn;
import static dev.coffer.server.web.WebUiFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.TestServer;
import dev.coffer.testkit.Browser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;

/**
 * The file manager in a real browser: a member signs in, uploads a folder (one file over 100 MB)
 * and closes the upload panel while it goes on, renames, duplicates and deletes, then downloads
 * the folder as a zip whose every byte is checked against what was uploaded.
 */
class FileManagerBrowserTest {
    @TempDir
    Path work;

    @Test
    void a_member_uploads_a_folder_renames_duplicates_deletes_and_downloads_it_as_a_zip() throws Exception {
        Path folder = Files.createDirectories(work.resolve("experiment"));
        Files.writeString(folder.resolve("a.csv"), "x,y\n1,2\n3,4\n");
        Files.write(folder.resolve("b.bin"), random(7, 40_000));
        Files.createDirectories(folder.resolve("notes"));
        Files.writeString(folder.resolve("notes/readme.md"), "# notes\n");
        Path big = folder.resolve("big.bin");
        writeRandom(big, 11, 110L << 20);

        try (TestServer s = TestServer.start(work.resolve("server"));
                Browser b = new Browser("file-manager", work.resolve("browser"))) {
            user(s, "ada", "default", "member");
            signIn(b, s, "ada");
            assertThat(b.driver.getCurrentUrl()).endsWith("/ui/teams/default");
            b.screenshot("team");

            b.find("a[href='/ui/teams/default/storage/default/files']").click();
            assertThat(b.find(".empty").getText()).contains("This folder is empty");
            b.screenshot("empty-storage");

            b.find("#pick-folder").sendKeys(folder.toString());
            b.until(10, d -> !b.find("#uploads").isDisplayed() ? null : true);
            b.screenshot("uploading");
            b.find("#uploads-close").click();
            assertThat(b.find("#uploads").isDisplayed()).isFalse();
            assertThat(b.find("#upload-indicator").isDisplayed())
                    .as("a small indicator stays")
                    .isTrue();
            b.until(300, d -> "false".equals(b.find("#upload-indicator").getDomAttribute("data-busy")));
            assertThat(b.find("#upload-indicator").getText()).isEqualTo("Uploaded 4 of 4");
            b.screenshot("uploaded");

            b.until(
                    10,
                    d -> b.all("a.folder").stream().anyMatch(a -> a.getText().equals("experiment/")));
            b.all("a.folder").stream()
                    .filter(a -> a.getText().equals("experiment/"))
                    .findFirst()
                    .orElseThrow()
                    .click();
            b.until(10, d -> d.getCurrentUrl().endsWith("/files/experiment"));
            assertThat(names(b)).containsExactly("a.csv", "b.bin", "big.bin", "notes");
            assertThat(row(b, "big.bin").getText()).contains("115.3 MB");
            // The browser cut and hashed the file itself: the same chunks, so the same digest, as the CLI's chunker.
            assertThat(WebUiFixture.json(s.get("/api/v1/teams/default/storage/default/stat/experiment/big.bin"))
                            .path("digest")
                            .asText())
                    .isEqualTo(WebUiFixture.digestOf(big));
            b.screenshot("folder");

            action(b, "a.csv", "rename");
            WebElement input = b.find("#ask-input");
            input.clear();
            input.sendKeys("alpha.csv");
            b.screenshot("rename-dialog");
            b.find("#ask-ok").click();
            b.until(10, d -> names(b).contains("alpha.csv"));

            action(b, "b.bin", "duplicate");
            b.until(10, d -> names(b).contains("b (copy).bin"));

            action(b, "notes", "delete");
            assertThat(b.find("#ask-label").getText()).isEqualTo("Delete the folder notes and everything in it?");
            b.screenshot("delete-confirm");
            b.find("#ask-ok").click();
            b.until(10, d -> !names(b).contains("notes"));
            assertThat(names(b)).containsExactly("alpha.csv", "b (copy).bin", "b.bin", "big.bin");
            b.screenshot("after-changes");

            b.find("#download-zip").click();
            Path zip = b.download("experiment.zip", 120);
            Map<String, byte[]> expected = new TreeMap<>();
            expected.put("alpha.csv", Files.readAllBytes(folder.resolve("a.csv")));
            expected.put("b.bin", Files.readAllBytes(folder.resolve("b.bin")));
            expected.put("b (copy).bin", Files.readAllBytes(folder.resolve("b.bin")));
            assertZipHolds(zip, "experiment", expected, big);
        }
    }

    static java.util.List<String> names(Browser b) {
        return b.all("#listing tr[data-name]").stream()
                .map(r -> r.getDomAttribute("data-name"))
                .toList();
    }

    static WebElement row(Browser b, String name) {
        return b.find("#listing tr[data-name='" + name + "']");
    }

    static void action(Browser b, String name, String action) {
        row(b, name)
                .findElement(org.openqa.selenium.By.cssSelector("button[data-action='" + action + "']"))
                .click();
        if (!action.equals("duplicate")) b.until(5, d -> b.find("#ask").isDisplayed());
    }

    /**
     * Every entry of the zip (named below the folder's own name, as the archive keeps it), byte for
     * byte: the small ones in memory, {@code big.bin} streamed against the original.
     */
    static void assertZipHolds(Path zip, String folder, Map<String, byte[]> small, Path big) throws IOException {
        Map<String, byte[]> found = new TreeMap<>();
        boolean bigChecked = false;
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                assertThat(e.getName()).startsWith(folder + "/");
                String name = e.getName().substring(folder.length() + 1);
                if (name.equals("big.bin")) {
                    try (InputStream original = Files.newInputStream(big)) {
                        assertThat(sameBytes(in, original))
                                .as("big.bin byte for byte")
                                .isTrue();
                    }
                    bigChecked = true;
                } else {
                    found.put(name, in.readAllBytes());
                }
            }
        }
        assertThat(bigChecked).as("the zip holds big.bin").isTrue();
        assertThat(found.keySet()).containsExactlyElementsOf(small.keySet());
        for (var e : small.entrySet())
            assertThat(found.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
    }

    static boolean sameBytes(InputStream a, InputStream b) throws IOException {
        byte[] x = new byte[1 << 16];
        byte[] y = new byte[1 << 16];
        while (true) {
            int n = a.readNBytes(x, 0, x.length);
            int m = b.readNBytes(y, 0, n == 0 ? 1 : n);
            if (n != m) return false;
            if (n == 0) return true;
            if (!java.util.Arrays.equals(x, 0, n, y, 0, n)) return false;
        }
    }

    static byte[] random(long seed, int size) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static void writeRandom(Path file, long seed, long size) throws IOException {
        Random random = new Random(seed);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(left, block.length));
            }
        }
        assertThat(Files.size(file)).isEqualTo(size);
    }
}
