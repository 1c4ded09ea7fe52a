"""What the tool prints: the summary model and the PDFs built from it."""
