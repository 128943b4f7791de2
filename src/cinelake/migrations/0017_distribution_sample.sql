-- A distribution ("the runtimes of horror movies") past its row limit is a sample: the matching movies with the
-- lowest spread, a hash of their ids (ask/sql.py). At 1.2 M movies the base tables read every match to find them
-- (130,000 horror movies: 350 ms). distribution_sample holds every movie whose spread is in the lowest quarter, in
-- spread order, with all of movie_facts' columns, so a question's filters apply to it unchanged and the first
-- matches in spread order are found by reading its pages in order. When the sample holds the limit's worth of
-- matches, they are the base tables' answer: every movie of a lower spread is in the sample. Otherwise the question
-- reads the base tables (ask/preaggregates.py).
CREATE TABLE distribution_sample AS
SELECT NULL::bigint AS spread, f.* FROM movie_facts f WITH NO DATA;
ALTER TABLE distribution_sample ALTER COLUMN spread SET NOT NULL, ADD PRIMARY KEY (spread, tmdb_id);
CREATE UNIQUE INDEX distribution_sample_movie_idx ON distribution_sample (tmdb_id);  -- a person's or keyword's films

-- The spread, as ask/sql.py computes it, and the sample's bound: a quarter of the 2^32 spreads.
CREATE FUNCTION fill_distribution_sample() RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DELETE FROM distribution_sample;
    INSERT INTO distribution_sample
    SELECT s.spread, f.*
    FROM movie_facts f CROSS JOIN LATERAL (SELECT (f.tmdb_id * 2654435761) % 4294967296 AS spread) s
    WHERE s.spread < 1073741824
    ORDER BY s.spread, f.tmdb_id;
$$;
REVOKE ALL ON FUNCTION fill_distribution_sample() FROM PUBLIC;
SELECT fill_distribution_sample();

-- The rebuild of 0007 and 0009 keeps its body under a new name; refresh_preaggregates() now also refills the sample,
-- in the same transaction, while it holds the rebuild's lock.
ALTER FUNCTION refresh_preaggregates(interval) RENAME TO refresh_aggregate_tables;
REVOKE ALL ON FUNCTION refresh_aggregate_tables(interval) FROM PUBLIC, cinelake_writer;

CREATE FUNCTION refresh_preaggregates(min_age interval DEFAULT '0 seconds') RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF NOT refresh_aggregate_tables(min_age) THEN
        RETURN false;
    END IF;
    PERFORM fill_distribution_sample();
    RETURN true;
END
$$;
REVOKE ALL ON FUNCTION refresh_preaggregates(interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION refresh_preaggregates(interval) TO cinelake_writer;
GRANT SELECT ON distribution_sample TO cinelake_reader;
