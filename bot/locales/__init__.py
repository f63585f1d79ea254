"""Fluent catalogues, one folder per language; a test keeps zh and en key-for-key identical."""
