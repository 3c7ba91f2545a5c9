package dev.coffer.clienttest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.client.ApiClient;
import dev.coffer.client.ApiException;
import dev.coffer.client.api.DatasetsApi;
import dev.coffer.client.api.FilesApi;
import dev.coffer.client.api.TeamsApi;
import dev.coffer.client.api.TokensApi;
import dev.coffer.client.model.ChangeKind;
import dev.coffer.client.model.CommitRequest;
import dev.coffer.client.model.CreateDataset;
import dev.coffer.client.model.CreateToken;
import dev.coffer.client.model.CreatedToken;
import dev.coffer.client.model.Diff;
import dev.coffer.client.model.DraftRequest;
import dev.coffer.client.model.EntryType;
import dev.coffer.client.model.FileEntry;
import dev.coffer.client.model.FileListing;
import dev.coffer.client.model.Me;
import dev.coffer.client.model.Version;
import dev.coffer.client.model.VersionSelector;
import dev.coffer.client.model.VersionState;
import dev.coffer.server.CofferServer;
import dev.coffer.server.config.CofferConfig;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client generated from the committed OpenAPI document talks to a real server: if the document
 * and the server disagree (a path, a status, a field, a type), this is where a generated client
 * in another language would break too.
 */
class GeneratedClientRoundTripTest {
    static final String ADMIN_TOKEN = "client-test-admin-token-0123456789";
    static final String TEAM = "default";
    static final String CLUSTER = "default";

    @TempDir
    Path data;

    @TempDir
    Path files;

    private CofferServer server;
    private ApiClient client;

    @BeforeEach
    void start() throws Exception {
        server = CofferServer.start(CofferConfig.load(
                null, Map.of("COFFER_ADMIN_TOKEN", ADMIN_TOKEN), Map.of("data", data.toString(), "port", "0")));
        client = new ApiClient();
        client.updateBaseUri(server.url());
        signInWith(ADMIN_TOKEN);
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private void signInWith(String token) {
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
    }

    private File file(String name, byte[] bytes) throws Exception {
        return Files.write(files.resolve(name), bytes).toFile();
    }

    @Test
    void a_generated_client_signs_in_moves_files_and_versions_a_dataset() throws Exception {
        // Sign in with a token, and make a personal token of one's own to go on with.
        Me me = new TeamsApi(client).getMe();
        assertThat(me.getAdmin()).isTrue();
        assertThat(me.getTeams()).contains(TEAM);
        CreatedToken token = new TokensApi(client).postTokens(new CreateToken().name("generated-client"));
        assertThat(token.getToken()).isNotBlank();
        assertThat(token.getExpiresAt()).isNull();
        signInWith(token.getToken());
        assertThat(new TeamsApi(client).getMe().getName()).isEqualTo(me.getName());

        // Upload raw bytes into the team's storage, list the folder, download and compare.
        byte[] bytes = new byte[300_000];
        new Random(16).nextBytes(bytes);
        FilesApi storage = new FilesApi(client);
        FileEntry uploaded = storage.putTeamsTeamStorageVolumeFilesPath(
                TEAM, CLUSTER, "readings.bin", file("readings.bin", bytes), "1700000000000", "755");
        assertThat(uploaded.getType()).isEqualTo(EntryType.FILE);
        assertThat(uploaded.getSize()).isEqualTo(bytes.length);
        assertThat(uploaded.getMtime()).isEqualTo(1_700_000_000_000L);
        assertThat(uploaded.getDigest()).hasSize(64);
        assertThat(uploaded.getMode()).isEqualTo("755");
        FileEntry folder = storage.postTeamsTeamStorageVolumeMkdirPath(TEAM, CLUSTER, "raw", null);
        assertThat(folder.getType()).isEqualTo(EntryType.FOLDER);
        assertThat(folder.getDigest()).isNull();

        FileListing listing = storage.getTeamsTeamStorageVolumeList(TEAM, CLUSTER, null, null, null);
        assertThat(listing.getPath()).isEqualTo("/");
        assertThat(listing.getNext()).isNull();
        assertThat(listing.getEntries())
                .extracting(FileEntry::getName, FileEntry::getType)
                .containsExactly(Tuple.tuple("raw", EntryType.FOLDER), Tuple.tuple("readings.bin", EntryType.FILE));

        File downloaded = storage.getTeamsTeamStorageVolumeFilesPath(TEAM, CLUSTER, "readings.bin", null);
        assertThat(Files.readAllBytes(downloaded.toPath())).isEqualTo(bytes);

        // A path of several segments: the client escapes its slashes, the server reads them as separators.
        FileEntry nested = storage.putTeamsTeamStorageVolumeFilesPath(
                TEAM, CLUSTER, "raw/2026/day one.bin", file("day.bin", bytes), null, null);
        assertThat(nested.getName()).isEqualTo("day one.bin");
        assertThat(storage.getTeamsTeamStorageVolumeListPath(TEAM, CLUSTER, "raw", null, null, null)
                        .getEntries())
                .extracting(FileEntry::getName)
                .containsExactly("2026");
        File nestedBack = storage.getTeamsTeamStorageVolumeFilesPath(TEAM, CLUSTER, "raw/2026/day one.bin", null);
        assertThat(Files.readAllBytes(nestedBack.toPath())).isEqualTo(bytes);

        // A problem answer reaches the client as an error with its status.
        assertThatThrownBy(() -> storage.getTeamsTeamStorageVolumeStatPath(TEAM, CLUSTER, "missing.bin"))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.getCode()).isEqualTo(404));

        // A dataset: create it, fill a draft, commit; then a second version, and the diff between them.
        DatasetsApi datasets = new DatasetsApi(client);
        FilesApi datasetFiles = storage; // one file API for every tree
        assertThat(datasets.postTeamsTeamDatasets(
                                TEAM, new CreateDataset().name("weather").description("daily readings"))
                        .getName())
                .isEqualTo("weather");

        Version draft = datasets.postTeamsTeamDatasetsRefVersions(TEAM, "weather", new DraftRequest());
        assertThat(draft.getState()).isEqualTo(VersionState.DRAFT);
        assertThat(draft.getParent()).isNull();
        String ref1 = "weather:" + draft.getNumber();
        datasetFiles.putTeamsTeamDatasetsRefFilesPath(
                TEAM, ref1, "readings.bin", file("v1-readings.bin", bytes), null, null);
        datasetFiles.putTeamsTeamDatasetsRefFilesPath(
                TEAM, ref1, "notes.txt", file("notes.txt", "first".getBytes(StandardCharsets.UTF_8)), null, null);
        Version v1 = datasets.postTeamsTeamDatasetsRefVersionsNCommit(
                TEAM, "weather", Long.toString(draft.getNumber()), new CommitRequest().message("first"));
        assertThat(v1.getState()).isEqualTo(VersionState.COMMITTED);
        assertThat(v1.getFiles()).isEqualTo(2);
        assertThat(v1.getDigest()).isNotNull();

        // The parent named by number: the selector travels as a JSON number.
        Version draft2 = datasets.postTeamsTeamDatasetsRefVersions(
                TEAM, "weather", new DraftRequest().parent(new VersionSelector(v1.getNumber())));
        assertThat(draft2.getParent()).isEqualTo(v1.getNumber());
        String ref2 = "weather:" + draft2.getNumber();
        datasetFiles.putTeamsTeamDatasetsRefFilesPath(
                TEAM,
                ref2,
                "notes.txt",
                file("notes2.txt", "second, longer".getBytes(StandardCharsets.UTF_8)),
                null,
                null);
        datasetFiles.putTeamsTeamDatasetsRefFilesPath(
                TEAM, ref2, "extra.txt", file("extra.txt", "new".getBytes(StandardCharsets.UTF_8)), null, null);
        Version v2 = datasets.postTeamsTeamDatasetsRefVersionsNCommit(
                TEAM, "weather", Long.toString(draft2.getNumber()), new CommitRequest());
        assertThat(v2.getFiles()).isEqualTo(3);

        FileListing versionListing =
                datasetFiles.getTeamsTeamDatasetsRefList(TEAM, "weather:" + v2.getNumber(), null, null, null);
        assertThat(versionListing.getVersion()).isEqualTo(v2.getNumber());
        assertThat(versionListing.getEntries())
                .extracting(FileEntry::getName)
                .containsExactly("extra.txt", "notes.txt", "readings.bin");

        Diff diff = datasets.getTeamsTeamDatasetsRefDiff(
                TEAM, "weather", Long.toString(v1.getNumber()), Long.toString(v2.getNumber()), null);
        assertThat(diff.getFrom()).isEqualTo(v1.getNumber());
        assertThat(diff.getTo()).isEqualTo(v2.getNumber());
        assertThat(diff.getAdded()).isEqualTo(1);
        assertThat(diff.getChanged()).isEqualTo(1);
        assertThat(diff.getRemoved()).isZero();
        assertThat(diff.getTruncated()).isFalse();
        assertThat(diff.getChanges())
                .extracting(c -> c.getPath() + " " + c.getChange())
                .containsExactlyInAnyOrder("/extra.txt " + ChangeKind.ADDED, "/notes.txt " + ChangeKind.CHANGED);
        var changed = diff.getChanges().stream()
                .filter(c -> c.getChange() == ChangeKind.CHANGED)
                .findFirst()
                .orElseThrow();
        assertThat(changed.getOldSize()).isEqualTo(5);
        assertThat(changed.getNewSize()).isEqualTo(14);
        var added = diff.getChanges().stream()
                .filter(c -> c.getChange() == ChangeKind.ADDED)
                .findFirst()
                .orElseThrow();
        assertThat(added.getOldSize()).isNull();
    }
}
