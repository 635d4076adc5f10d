-- The strongest evidence sentences for each firm's stated stances (one per story, most confident first).
-- param: firms    all  comma-separated firm ids, or all
-- param: location any  ISO-2 country of the stated data center (KR), or any
-- param: since    -    first day included (YYYY-MM-DD)
-- param: until    -    last day included (YYYY-MM-DD)
-- param: per_firm 5    sentences per firm
-- example: dcwatch query top_evidence --firms openai --per-firm 3
--
-- Bare mentions and undated articles are skipped; copies of a story show once (its most
-- confident article, then the earliest). Within a firm: highest confidence first, then the
-- most recent.
WITH stated AS (
    SELECT * FROM stance_rows($firms::VARCHAR[], $location::VARCHAR, $since::DATE, $until::DATE)
    WHERE stance <> 'mentioned' AND evidence IS NOT NULL AND published_day IS NOT NULL
),
per_story AS (
    SELECT * FROM stated
    QUALIFY row_number() OVER (PARTITION BY firm, story
                               ORDER BY confidence DESC, published_at, article_id) = 1
),
ranked AS (
    SELECT *, row_number() OVER (PARTITION BY firm
                                 ORDER BY confidence DESC, published_at DESC, article_id) AS rank
    FROM per_story
)
SELECT firm, rank, stance, round(confidence, 2) AS confidence, published_day AS day, source,
       location, evidence, title, url, article_id
FROM ranked
WHERE rank <= $per_firm::INTEGER
ORDER BY firm, rank;
