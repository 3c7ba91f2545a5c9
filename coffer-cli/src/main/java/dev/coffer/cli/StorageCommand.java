package dev.coffer.cli;

import dev.coffer.cli.client.ApiClient;
import dev.coffer.cli.client.Location;
import dev.coffer.wire.UsageWire;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
        name = "storage",
        description = "The Storage view: each volume of the team with its size and what deleting it would free;"
                + " with REMOTE, the same for one folder.")
final class StorageCommand extends ClientCommand implements Callable<Integer> {
    @Parameters(
            paramLabel = "REMOTE",
            arity = "0..1",
            description = "A folder, e.g. storage:raw or notebooks/lab:data.")
    String remote;

    @Override
    public Integer call() {
        if (remote != null) {
            Location.Remote r = Location.remote(remote);
            UsageWire.FolderUsage f = api().get(r.url(team(), "usage"), UsageWire.FolderUsage.class);
            if (json) printJson(f);
            else
                System.out.printf(
                        "%s: %s in %,d files; deleting it frees %s%n",
                        r, BillingText.gb(f.logicalBytes()), f.files(), BillingText.gb(f.freesBytes()));
            return 0;
        }
        UsageWire.StorageView v = api().get(
                        "/api/v1/teams/" + ApiClient.encodeName(team()) + "/storage-view", UsageWire.StorageView.class);
        if (json) {
            printJson(v);
            return 0;
        }
        System.out.printf(
                "team %s uses %s (content shared between volumes counts once)%n",
                v.team(), BillingText.gb(v.usageBytes()));
        System.out.printf(
                "%-10s %-28s %-14s %14s %10s %14s%n", "kind", "name", "cluster", "size", "files", "deleting frees");
        for (UsageWire.VolumeUsage vol : v.volumes()) {
            System.out.printf(
                    "%-10s %-28s %-14s %14s %,10d %14s%n",
                    vol.kind(),
                    vol.name(),
                    vol.cluster(),
                    BillingText.gb(vol.logicalBytes()),
                    vol.files(),
                    BillingText.gb(vol.freesBytes()));
        }
        return 0;
    }
}
