"""CineLake: movie data pipeline, success model and question answering."""
