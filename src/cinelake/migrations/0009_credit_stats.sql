-- Pre-aggregations for the questions 0007's left on the link tables: a measure's total, average, minimum or maximum
-- per director, actor or company, films per person or company in some years ("the directors with the most films
-- since 2000"), and films per country ("the country with the most horror movies"). Rebuilt with the others by
-- refresh_preaggregates(), replaced here with three more steps.

-- Per director, actor or company, release year and original language: the films, and for each measure the films
-- where it is known, the credits where it is known (a person credited twice on a movie counts its value twice, as
-- the join over the base tables does), their sum, minimum and maximum. A film has one year and one language, so
-- the films of several years add up. credit_totals holds the same over all years and languages, one row per key:
-- what a question without a year or language reads. Only the measures asked of people and companies (money,
-- rating, popularity): at 453,000 movies the two tables took 976 MB with all eight of 0007, more than `movies`.
-- Rows are written in dimension order, so that one dimension's rows sit together on disk.
CREATE TABLE credit_stats (
    dimension         text NOT NULL CHECK (dimension IN ('director', 'actor', 'company')),
    key               integer NOT NULL,
    release_year      integer,
    original_language text,
    movies            integer NOT NULL,
    budget_movies integer NOT NULL,
    budget_n      integer NOT NULL,
    budget_sum    numeric,
    budget_min    bigint,
    budget_max    bigint,
    revenue_movies integer NOT NULL,
    revenue_n      integer NOT NULL,
    revenue_sum    numeric,
    revenue_min    bigint,
    revenue_max    bigint,
    profit_movies integer NOT NULL,
    profit_n      integer NOT NULL,
    profit_sum    numeric,
    profit_min    bigint,
    profit_max    bigint,
    vote_average_movies integer NOT NULL,
    vote_average_n      integer NOT NULL,
    vote_average_sum    double precision,
    vote_average_min    double precision,
    vote_average_max    double precision,
    popularity_movies integer NOT NULL,
    popularity_n      integer NOT NULL,
    popularity_sum    double precision,
    popularity_min    double precision,
    popularity_max    double precision
);
CREATE INDEX credit_stats_dimension_year_idx ON credit_stats (dimension, release_year);

CREATE TABLE credit_totals (
    dimension         text NOT NULL,
    key               integer NOT NULL,
    movies            integer NOT NULL,
    budget_movies integer NOT NULL,
    budget_n      integer NOT NULL,
    budget_sum    numeric,
    budget_min    bigint,
    budget_max    bigint,
    revenue_movies integer NOT NULL,
    revenue_n      integer NOT NULL,
    revenue_sum    numeric,
    revenue_min    bigint,
    revenue_max    bigint,
    profit_movies integer NOT NULL,
    profit_n      integer NOT NULL,
    profit_sum    numeric,
    profit_min    bigint,
    profit_max    bigint,
    vote_average_movies integer NOT NULL,
    vote_average_n      integer NOT NULL,
    vote_average_sum    double precision,
    vote_average_min    double precision,
    vote_average_max    double precision,
    popularity_movies integer NOT NULL,
    popularity_n      integer NOT NULL,
    popularity_sum    double precision,
    popularity_min    double precision,
    popularity_max    double precision,
    PRIMARY KEY (dimension, key)
);
-- An average needs a few films: the groups with fewer are passed over through this.
CREATE INDEX credit_totals_movies_idx ON credit_totals (dimension, movies);

-- Films per production country, release year and original language, of one genre or (genre_id NULL) of any.
CREATE TABLE country_counts (
    iso_3166_1        text NOT NULL,
    genre_id          integer,
    release_year      integer,
    original_language text,
    movies            integer NOT NULL
);
CREATE INDEX country_counts_genre_idx ON country_counts (genre_id);

CREATE OR REPLACE FUNCTION refresh_preaggregates(min_age interval DEFAULT '0 seconds') RETURNS boolean
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

    -- Each (key, movie) once, with how many credits link them (w).
    DELETE FROM credit_stats;
    INSERT INTO credit_stats
    SELECT
        l.dimension, l.key, f.release_year, f.original_language, count(*),
        count(f.budget), coalesce(sum(l.w) FILTER (WHERE f.budget IS NOT NULL), 0), sum(l.w * f.budget), min(f.budget), max(f.budget),
        count(f.revenue), coalesce(sum(l.w) FILTER (WHERE f.revenue IS NOT NULL), 0), sum(l.w * f.revenue), min(f.revenue), max(f.revenue),
        count(f.profit), coalesce(sum(l.w) FILTER (WHERE f.profit IS NOT NULL), 0), sum(l.w * f.profit), min(f.profit), max(f.profit),
        count(*) FILTER (WHERE f.vote_average IS NOT NULL AND f.vote_count > 0),
        coalesce(sum(l.w) FILTER (WHERE f.vote_average IS NOT NULL AND f.vote_count > 0), 0),
        sum(l.w * f.vote_average) FILTER (WHERE f.vote_count > 0), min(f.vote_average) FILTER (WHERE f.vote_count > 0), max(f.vote_average) FILTER (WHERE f.vote_count > 0),
        count(f.popularity), coalesce(sum(l.w) FILTER (WHERE f.popularity IS NOT NULL), 0), sum(l.w * f.popularity), min(f.popularity), max(f.popularity)
    FROM (
        SELECT 'director' AS dimension, person_id AS key, tmdb_id, count(*) AS w
        FROM movie_crew WHERE job = 'Director' GROUP BY person_id, tmdb_id
        UNION ALL
        SELECT 'actor', person_id, tmdb_id, count(*) FROM movie_cast GROUP BY person_id, tmdb_id
        UNION ALL
        SELECT 'company', company_id, tmdb_id, 1 FROM movie_companies
    ) l
    JOIN movie_facts f ON f.tmdb_id = l.tmdb_id
    GROUP BY l.dimension, l.key, f.release_year, f.original_language
    ORDER BY l.dimension;

    DELETE FROM credit_totals;
    INSERT INTO credit_totals
    SELECT
        dimension, key, sum(movies),
        sum(budget_movies), sum(budget_n), sum(budget_sum), min(budget_min), max(budget_max),
        sum(revenue_movies), sum(revenue_n), sum(revenue_sum), min(revenue_min), max(revenue_max),
        sum(profit_movies), sum(profit_n), sum(profit_sum), min(profit_min), max(profit_max),
        sum(vote_average_movies), sum(vote_average_n), sum(vote_average_sum), min(vote_average_min), max(vote_average_max),
        sum(popularity_movies), sum(popularity_n), sum(popularity_sum), min(popularity_min), max(popularity_max)
    FROM credit_stats
    GROUP BY dimension, key
    ORDER BY dimension;

    DELETE FROM country_counts;
    INSERT INTO country_counts
    SELECT mc.iso_3166_1, NULL, f.release_year, f.original_language, count(*)
    FROM movie_countries mc JOIN movie_facts f ON f.tmdb_id = mc.tmdb_id
    GROUP BY mc.iso_3166_1, f.release_year, f.original_language
    UNION ALL
    SELECT mc.iso_3166_1, mg.genre_id, f.release_year, f.original_language, count(*)
    FROM movie_countries mc JOIN movie_genres mg ON mg.tmdb_id = mc.tmdb_id JOIN movie_facts f ON f.tmdb_id = mc.tmdb_id
    GROUP BY mc.iso_3166_1, mg.genre_id, f.release_year, f.original_language;
    RETURN true;
END
$$;

GRANT SELECT ON credit_stats, credit_totals, country_counts TO cinelake_reader;
