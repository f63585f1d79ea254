"""Test helpers shared by the handler and end-to-end layers."""
