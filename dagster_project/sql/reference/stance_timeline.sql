-- Each firm's stance changes in publication order, with the sentence that changed it.
-- param: firms    all  comma-separated firm ids, or all
-- param: location any  ISO-2 country of the stated data center (KR), or any
-- param: since    -    first day shown (YYYY-MM-DD); earlier stances still set from_stance
-- param: until    -    last day shown (YYYY-MM-DD)
-- example: dcwatch query stance_timeline --firms google,openai
--
-- Bare mentions are skipped. A row is a firm's first stated stance (from_stance NULL) or
-- a stance different from the firm's previous stated stance, articles ordered by
-- published_at, then article_id so that ties are broken the same way every time.
WITH stated AS (
    SELECT * FROM stance_rows($firms::VARCHAR[], $location::VARCHAR, NULL, NULL)
    WHERE stance <> 'mentioned' AND published_at IS NOT NULL
),
ordered AS (
    SELECT *,
           lag(stance) OVER (PARTITION BY firm ORDER BY published_at, article_id) AS from_stance
    FROM stated
)
SELECT
    firm,
    published_day AS day,
    from_stance,
    stance        AS to_stance,
    evidence,
    location,
    round(confidence, 2) AS confidence,
    source,
    title,
    url,
    article_id,
    published_at
FROM ordered
WHERE (from_stance IS NULL OR from_stance <> stance)
  AND ($since::DATE IS NULL OR published_day >= $since::DATE)
  AND ($until::DATE IS NULL OR published_day <= $until::DATE)
ORDER BY firm, published_at, article_id;
