-- Each firm's latest stated stance (ignoring bare mentions) with the sentence that says so.
-- example: dcwatch query firm_stances
-- Reads the stated_stances mart; sql/reference/firm_stances.sql reads the raw stance rows.
SELECT firm, stance, published_day, source, title, evidence, url, lang
FROM stated_rows(NULL, NULL)
QUALIFY row_number() OVER (PARTITION BY firm ORDER BY published_at DESC, article_id) = 1
ORDER BY firm;
