"""Data the stages read, and the code that builds and loads it (the gazetteer)."""
