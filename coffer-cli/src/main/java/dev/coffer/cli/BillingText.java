package dev.coffer.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** How the billing commands print sizes and money for people (JSON output stays exact). */
final class BillingText {
    private BillingText() {}

    /** Bytes in GB (10^9 bytes, as plans are sold), at most three decimals: {@code 12.346 GB}. */
    static String gb(long bytes) {
        BigDecimal gb = BigDecimal.valueOf(bytes)
                .movePointLeft(9)
                .setScale(3, RoundingMode.HALF_UP)
                .stripTrailingZeros();
        return gb.toPlainString() + " GB";
    }

    /** An included amount: {@code 15 GB}, or {@code unlimited} for JSON null. */
    static String included(Long includedBytes) {
        return includedBytes == null ? "unlimited" : gb(includedBytes);
    }

    /** A decimal string from the API as dollars: {@code $10.15}. */
    static String dollars(String amount) {
        return "$" + new BigDecimal(amount).setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    /** An ISO instant shortened to minutes: {@code 2026-06-01 00:00}. */
    static String minute(String instant) {
        return instant.length() >= 16 ? instant.substring(0, 10) + " " + instant.substring(11, 16) : instant;
    }
}
