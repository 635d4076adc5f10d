-- Each firm's latest stated stance (ignoring bare mentions) with the sentence that says so.
-- example: dcwatch query firm_stances
SELECT firm, stance, published_day, source, title, evidence
FROM (
    SELECT s.firm, s.stance, a.published_day, a.source, a.title, s.evidence,
           row_number() OVER (PARTITION BY s.firm ORDER BY a.published_at DESC, a.article_id) AS rn
    FROM article_firm_stance s JOIN articles a USING (article_id)
    WHERE s.stance <> 'mentioned'
)
WHERE rn = 1
ORDER BY firm;
