package dev.coffer.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A plain-text table for people reading the terminal: the first column left-aligned (names), the
 * others right-aligned (numbers), each as wide as its widest cell.
 */
public final class Table {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String... header) {
        this.header = List.of(header);
    }

    public Table row(Object... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, header has " + header.size());
        }
        List<String> r = new ArrayList<>(cells.length);
        for (Object c : cells) r.add(c == null ? "-" : c.toString());
        rows.add(r);
        return this;
    }

    public String render() {
        int[] width = new int[header.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = header.get(i).length();
            for (List<String> r : rows) width[i] = Math.max(width[i], r.get(i).length());
        }
        StringBuilder out = new StringBuilder();
        line(out, header, width);
        List<String> rule = new ArrayList<>();
        for (int w : width) rule.add("-".repeat(w));
        line(out, rule, width);
        for (List<String> r : rows) line(out, r, width);
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells, int[] width) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) out.append("  ");
            String c = cells.get(i);
            String pad = " ".repeat(width[i] - c.length());
            out.append(i == 0 ? c + pad : pad + c);
        }
        // Trailing blanks of a left-aligned last column would only confuse diff and grep.
        int end = out.length();
        while (end > 0 && out.charAt(end - 1) == ' ') end--;
        out.setLength(end);
        out.append('\n');
    }

    /** Formats a number with a fixed count of decimals, for a cell. */
    public static String num(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    public static String mib(long bytes) {
        return num(bytes / 1048576.0, 1);
    }
}
