"""The rule set: its model, the shape of its files, and the validating loader."""
