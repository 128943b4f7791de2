-- Pre-aggregations: what the questions that scan the big link tables read instead, once the catalogue is large.
-- They are plain tables, rebuilt together by refresh_preaggregates() after a load (the loader calls it). A question
-- reads them only while they are fresh: preaggregate_freshness compares the loader's ledger (one row per object
-- loaded, written in the object's own transaction) with the count taken when they were rebuilt; otherwise it reads
-- the base tables. The answers are the same either way (tests compare both).

-- Films per genre, company, keyword, director and actor (each movie once per key).
CREATE TABLE film_counts (
    dimension text NOT NULL CHECK (dimension IN ('genre', 'company', 'keyword', 'director', 'actor')),
    key       integer NOT NULL,
    movies    integer NOT NULL,
    PRIMARY KEY (dimension, key)
);
CREATE INDEX film_counts_rank_idx ON film_counts (dimension, movies DESC);

-- Per release year and original language: how many movies, and for each measure the count where it is known (a
-- rating: with votes), its sum, minimum and maximum. year_language_stats holds every movie; genre_stats each
-- movie once per genre.
CREATE TABLE year_language_stats (
    release_year      integer,
    original_language text,
    movies            integer NOT NULL,
    budget_n     integer NOT NULL,
    budget_sum   numeric,
    budget_min   bigint,
    budget_max   bigint,
    revenue_n     integer NOT NULL,
    revenue_sum   numeric,
    revenue_min   bigint,
    revenue_max   bigint,
    profit_n     integer NOT NULL,
    profit_sum   numeric,
    profit_min   bigint,
    profit_max   bigint,
    roi_n     integer NOT NULL,
    roi_sum   numeric,
    roi_min   numeric,
    roi_max   numeric,
    vote_average_n     integer NOT NULL,
    vote_average_sum   double precision,
    vote_average_min   double precision,
    vote_average_max   double precision,
    vote_count_n     integer NOT NULL,
    vote_count_sum   bigint,
    vote_count_min   integer,
    vote_count_max   integer,
    popularity_n     integer NOT NULL,
    popularity_sum   double precision,
    popularity_min   double precision,
    popularity_max   double precision,
    runtime_n     integer NOT NULL,
    runtime_sum   bigint,
    runtime_min   integer,
    runtime_max   integer
);

CREATE TABLE genre_stats (
    genre_id          integer NOT NULL,
    release_year      integer,
    original_language text,
    movies            integer NOT NULL,
    budget_n     integer NOT NULL,
    budget_sum   numeric,
    budget_min   bigint,
    budget_max   bigint,
    revenue_n     integer NOT NULL,
    revenue_sum   numeric,
    revenue_min   bigint,
    revenue_max   bigint,
    profit_n     integer NOT NULL,
    profit_sum   numeric,
    profit_min   bigint,
    profit_max   bigint,
    roi_n     integer NOT NULL,
    roi_sum   numeric,
    roi_min   numeric,
    roi_max   numeric,
    vote_average_n     integer NOT NULL,
    vote_average_sum   double precision,
    vote_average_min   double precision,
    vote_average_max   double precision,
    vote_count_n     integer NOT NULL,
    vote_count_sum   bigint,
    vote_count_min   integer,
    vote_count_max   integer,
    popularity_n     integer NOT NULL,
    popularity_sum   double precision,
    popularity_min   double precision,
    popularity_max   double precision,
    runtime_n     integer NOT NULL,
    runtime_sum   bigint,
    runtime_min   integer,
    runtime_max   integer
);
CREATE INDEX genre_stats_genre_idx ON genre_stats (genre_id);

-- The ledger's size when the pre-aggregations were last rebuilt (-1: never).
CREATE TABLE preaggregate_stamp (
    loaded_objects bigint NOT NULL,
    refreshed_at   timestamptz NOT NULL
);
INSERT INTO preaggregate_stamp VALUES (-1, '-infinity');

-- Read with the view owner's rights, so the reader role learns whether they are fresh without reading the ledger.
CREATE VIEW preaggregate_freshness AS
SELECT s.loaded_objects = (SELECT count(*) FROM loaded_objects) AS fresh, s.refreshed_at
FROM preaggregate_stamp s;

-- Rebuilds them all unless they are fresh, or were rebuilt less than min_age ago; returns whether it did. The
-- ledger is counted first: a load committed while the tables are rebuilt makes them look stale, never fresh.
-- It runs with its owner's rights (the loader's role reads neither movie_facts nor writes these tables).
CREATE FUNCTION refresh_preaggregates(min_age interval DEFAULT '0 seconds') RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('cinelake.refresh_preaggregates'));
    IF coalesce((SELECT fresh OR refreshed_at > now() - min_age FROM preaggregate_freshness), false) THEN
        RETURN false;
    END IF;
    DELETE FROM preaggregate_stamp;  -- one row; a truncated table (as tests leave it) gets it back
    INSERT INTO preaggregate_stamp SELECT count(*), now() FROM loaded_objects;

    DELETE FROM film_counts;
    INSERT INTO film_counts
    SELECT 'genre', genre_id, count(*) FROM movie_genres GROUP BY genre_id
    UNION ALL
    SELECT 'company', company_id, count(*) FROM movie_companies GROUP BY company_id
    UNION ALL
    SELECT 'keyword', keyword_id, count(*) FROM movie_keywords GROUP BY keyword_id
    UNION ALL
    SELECT 'director', person_id, count(DISTINCT tmdb_id) FROM movie_crew WHERE job = 'Director' GROUP BY person_id
    UNION ALL
    SELECT 'actor', person_id, count(DISTINCT tmdb_id) FROM movie_cast GROUP BY person_id;

    DELETE FROM year_language_stats;
    INSERT INTO year_language_stats
    SELECT
        f.release_year, f.original_language, count(*),
        count(f.budget), sum(f.budget), min(f.budget), max(f.budget),
        count(f.revenue), sum(f.revenue), min(f.revenue), max(f.revenue),
        count(f.profit), sum(f.profit), min(f.profit), max(f.profit),
        count(f.roi), sum(f.roi), min(f.roi), max(f.roi),
        count(f.vote_average) FILTER (WHERE f.vote_count > 0), sum(f.vote_average) FILTER (WHERE f.vote_count > 0), min(f.vote_average) FILTER (WHERE f.vote_count > 0), max(f.vote_average) FILTER (WHERE f.vote_count > 0),
        count(f.vote_count), sum(f.vote_count), min(f.vote_count), max(f.vote_count),
        count(f.popularity), sum(f.popularity), min(f.popularity), max(f.popularity),
        count(f.runtime), sum(f.runtime), min(f.runtime), max(f.runtime)
    FROM movie_facts f
    GROUP BY f.release_year, f.original_language;

    DELETE FROM genre_stats;
    INSERT INTO genre_stats
    SELECT
        mg.genre_id, f.release_year, f.original_language, count(*),
        count(f.budget), sum(f.budget), min(f.budget), max(f.budget),
        count(f.revenue), sum(f.revenue), min(f.revenue), max(f.revenue),
        count(f.profit), sum(f.profit), min(f.profit), max(f.profit),
        count(f.roi), sum(f.roi), min(f.roi), max(f.roi),
        count(f.vote_average) FILTER (WHERE f.vote_count > 0), sum(f.vote_average) FILTER (WHERE f.vote_count > 0), min(f.vote_average) FILTER (WHERE f.vote_count > 0), max(f.vote_average) FILTER (WHERE f.vote_count > 0),
        count(f.vote_count), sum(f.vote_count), min(f.vote_count), max(f.vote_count),
        count(f.popularity), sum(f.popularity), min(f.popularity), max(f.popularity),
        count(f.runtime), sum(f.runtime), min(f.runtime), max(f.runtime)
    FROM movie_facts f JOIN movie_genres mg ON mg.tmdb_id = f.tmdb_id
    GROUP BY mg.genre_id, f.release_year, f.original_language;
    RETURN true;
END
$$;

GRANT SELECT ON film_counts, year_language_stats, genre_stats, preaggregate_freshness TO cinelake_reader;
REVOKE ALL ON FUNCTION refresh_preaggregates(interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION refresh_preaggregates(interval) TO cinelake_writer;
