-- The best-rated movies with at least N votes: at 1.2 M movies 17% have 1,000 votes or more, so reading them through
-- the votes index and sorting them took 250-760 ms; walking the ratings in their order stops at the limit.
CREATE INDEX movies_vote_average_idx ON movies (vote_average DESC NULLS LAST);
