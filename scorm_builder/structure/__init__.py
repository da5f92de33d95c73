"""The nouns of a course: the authored file models and the loaded course built from them."""
