"""One function per business action; plain values in; runs the rules in one transaction; returns what
happened, including whom to tell."""
