"""Training: fictional case studies, participants' answers and the calibration measures.

Pure functions and frozen dataclasses, tested without Qt. Nothing here ever touches the records
store: a scenario becomes a Record only in memory, and answers files are written where the user
says.
"""
