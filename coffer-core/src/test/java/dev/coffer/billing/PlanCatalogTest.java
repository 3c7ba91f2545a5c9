package dev.coffer.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.error.CofferException;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlanCatalogTest {
    @Test
    void the_standard_plans_match_the_product_table() {
        PlanCatalog c = PlanCatalog.defaults();
        assertThat(c.plans()).extracting(Plan::name).containsExactly("free", "pro", "growth", "enterprise");
        assertThat(c.plans()).extracting(Plan::displayName).containsExactly("Free", "Pro", "Growth", "Enterprise");
        assertThat(c.plan("free")).satisfies(p -> {
            assertThat(p.includedBytes()).isEqualTo(5_000_000_000L);
            assertThat(p.hardLimit()).isTrue();
            assertThat(p.dataSources()).isFalse();
            assertThat(p.billsOverage()).isFalse();
        });
        assertThat(c.plan("pro").includedBytes()).isEqualTo(15_000_000_000L);
        assertThat(c.plan("growth").includedBytes()).isEqualTo(50_000_000_000L);
        assertThat(c.plan("enterprise").unlimited()).isTrue();
        for (String paid : new String[] {"pro", "growth", "enterprise"}) {
            assertThat(c.plan(paid).price()).isEqualTo(new BigDecimal("0.29"));
            assertThat(c.plan(paid).dataSources()).isTrue();
            assertThat(c.plan(paid).hardLimit()).isFalse();
        }
        assertThat(c.defaultPlan().name()).isEqualTo("free");
    }

    @Test
    void settings_change_a_standard_plan_and_leave_the_rest() {
        PlanCatalog c = PlanCatalog.from(Map.of(
                "plans.pro.included",
                "20GB",
                "plans.pro.price",
                "0.25",
                "plans.pro.dataSources",
                "false",
                "plans.pro.displayName",
                "Professional",
                "plans.default",
                "pro",
                "server.port",
                "8080"));
        Plan pro = c.plan("pro");
        assertThat(pro.includedBytes()).isEqualTo(20_000_000_000L);
        assertThat(pro.price()).isEqualTo(new BigDecimal("0.25"));
        assertThat(pro.dataSources()).isFalse();
        assertThat(pro.displayName()).isEqualTo("Professional");
        assertThat(c.plan("growth").includedBytes()).isEqualTo(50_000_000_000L);
        assertThat(c.defaultPlan().name()).isEqualTo("pro");
    }

    @Test
    void a_new_plan_needs_only_its_included_storage_and_is_listed_after_the_standard_ones() {
        PlanCatalog c = PlanCatalog.from(Map.of(
                "plans.tiny.included",
                "5MB",
                "plans.tiny.hardLimit",
                "true",
                "plans.team-plus.included",
                "100 GiB",
                "plans.team-plus.price",
                "0.19"));
        assertThat(c.plans())
                .extracting(Plan::name)
                .containsExactly("free", "pro", "growth", "enterprise", "team-plus", "tiny");
        Plan tiny = c.plan("tiny");
        assertThat(tiny.includedBytes()).isEqualTo(5_000_000L);
        assertThat(tiny.hardLimit()).isTrue();
        assertThat(tiny.displayName()).isEqualTo("Tiny");
        Plan plus = c.plan("team-plus");
        assertThat(plus.includedBytes()).isEqualTo(100L << 30);
        assertThat(plus.price()).isEqualTo(new BigDecimal("0.19"));
        assertThat(plus.dataSources()).isTrue();
        assertThat(plus.hardLimit()).isFalse();
        assertThat(plus.displayName()).isEqualTo("Team Plus");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "5GB|5000000000", "500MB|500000000", "5000000|5000000", "1.5 TB|1500000000000", "8GiB|8589934592",
                "12kb|12000", "3 KiB|3072", "7B|7", "unlimited|9223372036854775807", "UNLIMITED|9223372036854775807"
            })
    void sizes_accept_decimal_and_binary_units(String text, long bytes) {
        assertThat(ByteSize.parse(text)).isEqualTo(bytes);
    }

    @Test
    void sizes_format_exactly() {
        assertThat(ByteSize.format(15_000_000_000L)).isEqualTo("15 GB");
        assertThat(ByteSize.format(5_000_000L)).isEqualTo("5 MB");
        assertThat(ByteSize.format(1234)).isEqualTo("1234 bytes");
        assertThat(ByteSize.format(ByteSize.UNLIMITED)).isEqualTo("unlimited");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "plans.pro.included|lots|plans.pro.included: 'lots' is not a size",
                "plans.pro.included|1.5B|not a whole number of bytes",
                "plans.pro.included|-5GB|'-5GB' is not a size",
                "plans.pro.price|cheap|plans.pro.price: 'cheap' is not a price: write dollars per GB-month",
                "plans.pro.price|-1|plans.pro.price: a price cannot be negative",
                "plans.pro.hardLimit|yes|plans.pro.hardLimit: 'yes' is not a yes/no setting: write true or false",
                "plans.pro.colour|red|plans.pro.colour: 'colour' is not a plan setting; write one of included, price",
                "plans.Pro.included|5GB|plan names are lowercase letters, digits and '-'",
                "plans.pro|5GB|write plans.NAME.ATTRIBUTE",
                "plans.tiny.price|0.5|plans.tiny.included: a new plan needs its included storage, e.g. plans.tiny.included=5GB",
                "plans.default|gold|plans.default: no plan is named 'gold'; write one of free, pro, growth, enterprise",
                "plans.pro.displayName||plans.pro.displayName: write the name people see"
            })
    void bad_settings_are_refused_naming_the_key_and_what_to_write(String key, String value, String message) {
        assertThatThrownBy(() -> PlanCatalog.from(Map.of(key, value == null ? "" : value)))
                .isInstanceOf(CofferException.Invalid.class)
                .hasMessageContaining(message);
    }

    @Test
    void setting_names_ignore_case_and_unknown_plans_are_named() {
        PlanCatalog c = PlanCatalog.from(Map.of("plans.pro.hardlimit", "TRUE", "plans.pro.DATASOURCES", "false"));
        assertThat(c.plan("pro").hardLimit()).isTrue();
        assertThat(c.plan("pro").dataSources()).isFalse();
        assertThatThrownBy(() -> c.plan("gold"))
                .isInstanceOf(CofferException.Invalid.class)
                .hasMessage("no plan is named 'gold'; plans: free, pro, growth, enterprise");
    }
}
