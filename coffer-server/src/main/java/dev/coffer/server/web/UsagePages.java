package dev.coffer.server.web;

import dev.coffer.server.Services;
import dev.coffer.server.http.PageAccess;
import dev.coffer.server.http.WebJars;
import dev.coffer.wire.BillingWire;
import dev.coffer.wire.UsageWire;
import io.javalin.http.Context;
import java.util.List;

/**
 * A team's Storage tab (every volume, dataset and version with its size, files and what deleting
 * it frees) and Utilization tab (usage over time against the plan's included amount, the overage
 * so far and the projected bill): the API's own answers, rendered.
 */
public final class UsagePages {
    private final Services s;
    private final Pages pages;

    UsagePages(Services s, Pages pages) {
        this.s = s;
        this.pages = pages;
    }

    public record StorageTab(Chrome chrome, UsageWire.StorageView view) {
        public String usage() {
            return Sizes.human(view.usageBytes());
        }

        public static String size(long bytes) {
            return Sizes.human(bytes);
        }

        public static String kind(UsageWire.VolumeKind kind) {
            return kind == UsageWire.VolumeKind.STORAGE ? "Team storage (/storage)" : "Notebook (/notebooks)";
        }
    }

    public record UtilizationTab(Chrome chrome, BillingWire.Utilization u, String chartJs, String pointsJson) {
        public String usage() {
            return Sizes.human(u.usageBytes());
        }

        public String included() {
            return u.includedBytes() == null ? "unlimited" : Sizes.human(u.includedBytes());
        }

        public String overage() {
            return Sizes.human(u.overageBytes());
        }

        public List<BillingWire.UsagePoint> points() {
            return u.points() == null ? List.of() : u.points();
        }
    }

    void storage(Context ctx, WebUi.Visitor v) {
        UsageWire.StorageView view = PageAccess.storageView(s, ctx, PageAccess.name(ctx.pathParam("team")));
        pages.render(ctx, 200, "storage.jte", new StorageTab(v.chrome(view.team()), view));
    }

    void utilization(Context ctx, WebUi.Visitor v) throws Exception {
        BillingWire.Utilization u = PageAccess.utilization(s, ctx, PageAccess.name(ctx.pathParam("team")));
        String points = Pages.JSON.writeValueAsString(u.points() == null ? List.of() : u.points());
        pages.render(ctx, 200, "utilization.jte", new UtilizationTab(v.chrome(u.team()), u, WebJars.chartJs(), points));
    }
}
