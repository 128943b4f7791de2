-- Names questions link to, looked up in PostgreSQL instead of held in each API worker's memory (at the size of
-- TMDB, millions of titles and people: ~2 GB a worker). ask_fold(name) is cinelake.ask.text.fold in SQL, the key
-- a question's folded phrase is compared with (a test checks both agree on every name of the real catalogue):
-- "'s" after a word dropped, accents decomposed and the rest of non-ASCII dropped, lower case, every run of other
-- characters one space, with "'" and "." kept only between letters or digits ("l.a confidential").
-- One expression, so the planner inlines it and matches the indexes below.
CREATE FUNCTION ask_fold(name text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT btrim(regexp_replace(regexp_replace(regexp_replace(
        lower(regexp_replace(normalize(regexp_replace(name, '(\w)[''’]s(?!\w)', '\1', 'g'), NFKD), '[^\x01-\x7F]+', '', 'g')),
        '[^a-z0-9''.]+', ' ', 'g'),
        '(?<![a-z0-9])[''.]|[''.](?![a-z0-9])', ' ', 'g'),
        ' {2,}', ' ', 'g'))
$$;

-- The last word of a folded name: a surname alone ("movies by Nolan").
CREATE FUNCTION ask_last_word(folded text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT substring(folded FROM '[^ ]*$')
$$;

-- Trigram indexes answer the names with a typo (pg_trgm ships with PostgreSQL; RDS allows it).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Exact names and title prefixes (a series: "toy story" -> Toy Story 2...), with text_pattern_ops so LIKE 'x %'
-- uses them whatever the database's collation.
CREATE INDEX people_fold_idx ON people (ask_fold(name) text_pattern_ops);
CREATE INDEX people_last_word_idx ON people (ask_last_word(ask_fold(name)));
CREATE INDEX movies_fold_title_idx ON movies (ask_fold(title) text_pattern_ops);
CREATE INDEX movies_fold_original_title_idx ON movies (ask_fold(original_title) text_pattern_ops);
CREATE INDEX movie_titles_fold_idx ON movie_titles (ask_fold(title) text_pattern_ops);

-- Names with a typo.
CREATE INDEX people_fold_trgm_idx ON people USING gin (ask_fold(name) gin_trgm_ops);
CREATE INDEX people_last_word_trgm_idx ON people USING gin (ask_last_word(ask_fold(name)) gin_trgm_ops);
CREATE INDEX movies_fold_title_trgm_idx ON movies USING gin (ask_fold(title) gin_trgm_ops);
CREATE INDEX movies_fold_original_title_trgm_idx ON movies USING gin (ask_fold(original_title) gin_trgm_ops);
CREATE INDEX movie_titles_fold_trgm_idx ON movie_titles USING gin (ask_fold(title) gin_trgm_ops);

-- Questions with a threshold or a top by revenue, at the size of TMDB (a seq scan of 1.2 M movies, or a walk of
-- the release-date index filtering every row, took 1.5-2.7 s; these take milliseconds): "movies longer than three
-- hours", "with at least 10000 votes", "the highest-grossing movies of 2019".
CREATE INDEX movies_runtime_idx ON movies (runtime);
CREATE INDEX movies_vote_count_idx ON movies (vote_count);
CREATE INDEX movies_revenue_idx ON movies (revenue DESC NULLS LAST);
