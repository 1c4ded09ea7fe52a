"""The screening record: the document format, its checks and its editing."""
