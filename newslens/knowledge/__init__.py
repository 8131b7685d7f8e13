"""Knowledge loaded from data/: lexicons per language (and, later, gazetteers and actors)."""
