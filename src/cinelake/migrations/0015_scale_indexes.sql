-- The directors (actors, companies) with the most revenue in total read the top of this index, not every key's row
-- of credit_totals (590,000 directors and 2.4 M actors at 1.2 M movies: 695 ms for the top director).
CREATE INDEX credit_totals_revenue_sum_idx ON credit_totals (dimension, revenue_sum DESC NULLS LAST);
-- movie_facts.roi is this expression, so the view's column matches it: a ranking by ROI walks it and stops at the
-- limit instead of reading and sorting every movie with a budget (220-277 ms at 1.2 M). A budget is never 0 (its
-- CHECK), so the division cannot fail.
CREATE INDEX movies_roi_idx ON movies ((round(revenue::numeric / budget::numeric, 4)) DESC NULLS LAST);
-- A keyword's movies ("time travel films of the 2000s": 11,000 movies at 1.2 M) read from the index alone, without
-- visiting each link row's page. Two integers fill the 16 bytes of an index entry as one did, so it replaces
-- 0001's one-column index at the same size.
DROP INDEX movie_keywords_keyword_idx;
CREATE INDEX movie_keywords_keyword_movie_idx ON movie_keywords (keyword_id, tmdb_id);
