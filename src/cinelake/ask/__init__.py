"""Questions in Spanish or English about the movie data, answered with SQL, text and charts.

A question is parsed into a `QuerySpec` (what is asked, with names linked to database values), built into SQL with
sqlglot, checked by the guard, run read-only, and answered in the question's language.
"""
