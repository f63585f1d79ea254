-- What remains of an erased user (/deleteme): totals without identity, so the programme's figures
-- (points issued, hours served, reports filed) stay true after people leave.
CREATE TABLE erased_user_totals (
    id               INTEGER PRIMARY KEY,
    erased_month     TEXT    NOT NULL,   -- YYYY-MM, no finer, so the row cannot be matched to a person
    points_earned    INTEGER NOT NULL,
    points_redeemed  INTEGER NOT NULL,
    points_balance   INTEGER NOT NULL,
    minutes_approved INTEGER NOT NULL,
    reports_filed    INTEGER NOT NULL
);
