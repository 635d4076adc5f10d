-- Coverage spikes: a (day, firm) whose article count stands out against the 14 days before.
--
-- The rule: count >= 3 AND count > mean + 3 * sd, where mean and sd (population) are
-- taken over the firm's 14 previous calendar days, zero-filled (a day without an
-- article naming the firm counts as 0). A day needs 14 days of history inside the
-- covered period, so the first fortnight of a new database raises no spikes. The
-- evidence is the most confident stated stance of the firm that day (else any mention).
-- Stance changes, the other kind of alert, come from queries/stance_timeline.sql.
WITH daily AS (
    SELECT published_day AS day, firm, count(DISTINCT article_id) AS n
    FROM stance_rows(NULL, NULL, NULL, NULL)
    WHERE published_day IS NOT NULL
    GROUP BY ALL
),
calendar AS (
    SELECT period AS day
    FROM period_series((SELECT min(day) FROM daily), (SELECT max(day) FROM daily), 'day')
),
grid AS (
    SELECT c.day, f.firm, coalesce(d.n, 0) AS n
    FROM calendar c
    CROSS JOIN (SELECT DISTINCT firm FROM daily) f
    LEFT JOIN daily d ON d.day = c.day AND d.firm = f.firm
),
scored AS (
    SELECT day, firm, n,
           avg(n) OVER w         AS baseline,
           stddev_pop(n) OVER w  AS sd,
           count(*) OVER w       AS history_days
    FROM grid
    WINDOW w AS (PARTITION BY firm ORDER BY day ROWS BETWEEN 14 PRECEDING AND 1 PRECEDING)
),
evidence AS (
    SELECT published_day AS day, firm, evidence, article_id
    FROM stance_rows(NULL, NULL, NULL, NULL)
    QUALIFY row_number() OVER (
        PARTITION BY published_day, firm
        ORDER BY (stance <> 'mentioned') DESC, confidence DESC, published_at, article_id
    ) = 1
)
SELECT
    'coverage_spike'    AS kind,
    x.firm,
    x.day,
    NULL::VARCHAR       AS from_stance,
    NULL::VARCHAR       AS to_stance,
    x.n::INTEGER        AS "count",
    round(x.baseline, 3) AS baseline,
    e.evidence,
    e.article_id
FROM scored x
LEFT JOIN evidence e ON e.day = x.day AND e.firm = x.firm
WHERE x.history_days = 14
  AND x.n >= 3
  AND x.n > x.baseline + 3 * x.sd
ORDER BY x.day, x.firm
