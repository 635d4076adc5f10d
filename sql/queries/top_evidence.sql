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
    SELECT s.firm, s.stance, s.confidence, s.evidence, s.location, s.article_id,
           a.published_at, a.published_day, a.source, a.title, a.url,
           coalesce(st.story_id, s.article_id) AS story
    FROM article_firm_stance s
    JOIN articles a USING (article_id)
    LEFT JOIN stories st USING (article_id)
    WHERE s.stance <> 'mentioned'
      AND s.evidence IS NOT NULL
      AND a.published_day IS NOT NULL
      AND ($firms::VARCHAR[] IS NULL OR list_contains($firms::VARCHAR[], s.firm))
      AND ($location::VARCHAR IS NULL OR s.location = $location::VARCHAR)
      AND ($since::DATE IS NULL OR a.published_day >= $since::DATE)
      AND ($until::DATE IS NULL OR a.published_day <= $until::DATE)
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
