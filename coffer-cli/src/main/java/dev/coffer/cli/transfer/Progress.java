package dev.coffer.cli.transfer;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar (bytes, rate, ETA) on a terminal; nothing at all otherwise. */
public final class Progress implements AutoCloseable {
    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    public static Progress start(String task, long totalBytes, boolean show) {
        if (!show) return new Progress(null);
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(totalBytes)
                .setUnit(" MiB", 1024 * 1024)
                .setStyle(ProgressBarStyle.ASCII)
                .showSpeed()
                .setUpdateIntervalMillis(250)
                .build();
        return new Progress(bar);
    }

    public void add(long bytes) {
        if (bar != null) bar.stepBy(bytes);
    }

    @Override
    public void close() {
        if (bar != null) bar.close();
    }
}
