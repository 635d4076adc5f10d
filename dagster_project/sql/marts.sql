-- Bring the marts up to date for the articles in the temporary table _touched (new or
-- re-scored articles, and those whose story changed). Runs inside one transaction
-- (marts/project.py). A day is recomputed when a touched article was or is on it, or when
-- a story a touched article left or joined has an article on it (whether that story is
-- told once or more on the firm decides single_stories there). The tables are in
-- schema.sql.

CREATE TEMP TABLE IF NOT EXISTS _touched (article_id VARCHAR);

CREATE OR REPLACE TEMP TABLE _old AS
    SELECT * FROM mart_rows WHERE article_id IN (SELECT article_id FROM _touched);

-- The stance_rows of the touched articles: the macro's join, restricted to _touched
-- first (DuckDB does not push a semi-join through the macro's joins: it would join every
-- stance row on each refresh).
CREATE OR REPLACE TEMP TABLE _fresh AS
    SELECT s.article_id, s.firm, s.stance, s.score, s.confidence, s.evidence, s.location,
           s.n_mentions, a.published_at, a.published_day, a.source, a.title, a.url, a.lang,
           coalesce(st.story_id, s.article_id) AS story
    FROM (FROM article_firm_stance SEMI JOIN _touched USING (article_id)) s
    JOIN (FROM articles SEMI JOIN _touched USING (article_id)) a USING (article_id)
    LEFT JOIN (FROM stories SEMI JOIN _touched USING (article_id)) st USING (article_id);

CREATE OR REPLACE TEMP TABLE _new AS
    SELECT article_id, firm, published_day AS day, location, story, stance, score, n_mentions
    FROM _fresh WHERE published_day IS NOT NULL;

CREATE OR REPLACE TEMP TABLE _stories AS
    SELECT firm, story FROM _old UNION SELECT firm, story FROM _new;

DELETE FROM mart_rows WHERE article_id IN (SELECT article_id FROM _touched);
INSERT INTO mart_rows SELECT * FROM _new;

CREATE OR REPLACE TEMP TABLE _days AS
    SELECT day FROM _old
    UNION SELECT day FROM _new
    UNION SELECT day FROM mart_rows SEMI JOIN _stories USING (firm, story);

CREATE OR REPLACE TEMP TABLE _rows AS
    SELECT * FROM mart_rows WHERE day IN (SELECT day FROM _days);

DELETE FROM firm_location_daily WHERE day IN (SELECT day FROM _days);
INSERT INTO firm_location_daily
WITH sizes AS (
    SELECT firm, story, count(*) AS n
    FROM mart_rows SEMI JOIN (SELECT DISTINCT firm, story FROM _rows) USING (firm, story)
    GROUP BY ALL
)
SELECT day, firm, location,
       count(*),
       count(*) FILTER (WHERE sizes.n = 1),
       coalesce(sum(n_mentions), 0),
       count(*) FILTER (WHERE stance = 'committed'),
       count(*) FILTER (WHERE stance = 'considering'),
       count(*) FILTER (WHERE stance = 'declined'),
       count(*) FILTER (WHERE stance = 'operating'),
       count(*) FILTER (WHERE stance = 'mentioned'),
       coalesce(sum(score), 0)
FROM _rows JOIN sizes USING (firm, story)
GROUP BY day, firm, location;

DELETE FROM firm_story_days d USING _stories s WHERE d.firm = s.firm AND d.story = s.story;
INSERT INTO firm_story_days
WITH r AS (SELECT * FROM mart_rows SEMI JOIN _stories USING (firm, story)),
told AS (SELECT firm, story FROM r GROUP BY ALL HAVING count(*) > 1)
SELECT DISTINCT firm, story, day, location FROM r SEMI JOIN told USING (firm, story);

DELETE FROM daily_articles WHERE day IN (SELECT day FROM _days);
INSERT INTO daily_articles
SELECT day, location, false, count(DISTINCT article_id) FROM _rows GROUP BY day, location
UNION ALL
SELECT day, NULL, true, count(DISTINCT article_id) FROM _rows GROUP BY day;

DELETE FROM firm_daily WHERE day IN (SELECT day FROM _days);
INSERT INTO firm_daily
SELECT day, firm,
       sum(articles)::INTEGER, sum(mentions)::INTEGER, sum(committed)::INTEGER,
       sum(considering)::INTEGER, sum(declined)::INTEGER, sum(operating)::INTEGER,
       sum(mentioned)::INTEGER, sum(score_sum) / sum(articles)
FROM firm_location_daily WHERE day IN (SELECT day FROM _days)
GROUP BY day, firm
ORDER BY day, firm;

CREATE OR REPLACE TEMP TABLE _weeks AS
    SELECT DISTINCT date_trunc('week', day)::DATE AS week FROM _days;
DELETE FROM firm_weekly WHERE week IN (SELECT week FROM _weeks);
INSERT INTO firm_weekly
SELECT date_trunc('week', day)::DATE AS week, firm,
       sum(articles)::INTEGER, sum(mentions)::INTEGER, sum(committed)::INTEGER,
       sum(considering)::INTEGER, sum(declined)::INTEGER, sum(operating)::INTEGER,
       sum(mentioned)::INTEGER, sum(mean_score * articles) / sum(articles)
FROM firm_daily WHERE date_trunc('week', day)::DATE IN (SELECT week FROM _weeks)
GROUP BY ALL
ORDER BY week, firm;

DELETE FROM stated_stances WHERE article_id IN (SELECT article_id FROM _touched);
INSERT INTO stated_stances
SELECT article_id, firm, stance, confidence, evidence, location, published_at, published_day,
       source, title, url, lang
FROM _fresh WHERE stance <> 'mentioned';
