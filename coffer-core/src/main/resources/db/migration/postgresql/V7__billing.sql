-- Plans, usage metering and statements (PostgreSQL). Keep in step with sqlite/V7__billing.sql.
-- Times are epoch milliseconds. See docs/design/billing.md.

-- The plan each team is on now; a team without a row is on the configured default plan.
CREATE TABLE team_plans (
    team_id  BIGINT  PRIMARY KEY REFERENCES teams(id) ON DELETE CASCADE,
    plan     TEXT    NOT NULL,
    since    BIGINT  NOT NULL
);

-- Every plan change: the team is on `plan` from `at` on. Times only grow per team.
CREATE TABLE plan_events (
    team_id  BIGINT  NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    at       BIGINT  NOT NULL,
    plan     TEXT    NOT NULL,
    PRIMARY KEY (team_id, at)
);

-- Every change of a team's usage: its level in bytes from `at` on. One row per team and
-- millisecond (a second change in the same millisecond replaces the first); times only grow per team.
CREATE TABLE usage_events (
    team_id      BIGINT  NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    at           BIGINT  NOT NULL,
    usage_bytes  BIGINT  NOT NULL,
    PRIMARY KEY (team_id, at)
);

-- A month's bill, frozen when the month is closed and never changed afterwards.
-- Decimals are text so they stay exact; amount_cents is the billed figure.
CREATE TABLE statements (
    team_id            BIGINT  NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    month              TEXT    NOT NULL,
    plan               TEXT    NOT NULL,
    overage_gb_months  TEXT    NOT NULL,
    amount_exact       TEXT    NOT NULL,
    amount_cents       BIGINT  NOT NULL,
    lines              TEXT    NOT NULL,
    frozen_at          BIGINT  NOT NULL,
    PRIMARY KEY (team_id, month)
);
