"""Adapters: the clients for what lies outside the process (TMDB, S3, SQS, PostgreSQL)."""
