"""A TMDB API v3 simulator: a real HTTP stand-in for TMDB that ships with the product."""
