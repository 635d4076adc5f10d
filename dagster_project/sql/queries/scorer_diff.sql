-- What changed between two scorer versions over the same articles: each (article, firm) whose stance differs.
-- param: old   -   scorer version to compare from (default: the one before the newest)
-- param: new   -   scorer version to compare to (default: the newest)
-- param: firms all comma-separated firm ids, or all
-- example: dcwatch query scorer_diff
-- example: dcwatch query scorer_diff --firms google
--
-- Versions come from scorer_versions (in the order they first wrote stances) and their
-- verdicts from stance_history, which a re-scoring never deletes. Only articles scored
-- by both versions are compared; a firm one version found and the other did not shows
-- with a NULL stance on that side.
WITH versions AS (
    SELECT scorer_version, row_number() OVER (ORDER BY first_used_at DESC, scorer_version) AS age
    FROM scorer_versions
),
pick AS (
    SELECT coalesce($old::VARCHAR, (SELECT scorer_version FROM versions WHERE age = 2)) AS old_v,
           coalesce($new::VARCHAR, (SELECT scorer_version FROM versions WHERE age = 1)) AS new_v
),
o AS (SELECT h.* FROM stance_history h, pick WHERE h.scorer_version = pick.old_v),
n AS (SELECT h.* FROM stance_history h, pick WHERE h.scorer_version = pick.new_v),
both_scored AS (SELECT article_id FROM o INTERSECT SELECT article_id FROM n)
SELECT
    a.published_day,
    coalesce(n.firm, o.firm)   AS firm,
    o.stance                   AS old_stance,
    n.stance                   AS new_stance,
    coalesce(n.evidence, o.evidence) AS evidence,
    a.title,
    a.article_id
FROM o
FULL OUTER JOIN n ON n.article_id = o.article_id AND n.firm = o.firm
JOIN articles a ON a.article_id = coalesce(n.article_id, o.article_id)
WHERE coalesce(n.article_id, o.article_id) IN (SELECT article_id FROM both_scored)
  AND o.stance IS DISTINCT FROM n.stance
  AND ($firms::VARCHAR[] IS NULL OR list_contains($firms::VARCHAR[], coalesce(n.firm, o.firm)))
ORDER BY a.published_day, firm, a.article_id;
