"""Reading documents safely: the strict YAML reader and the spec language."""
