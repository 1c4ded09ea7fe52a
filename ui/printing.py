"""Printing a PDF the app made: the same pages on paper as on screen."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument

PRINT_DPI_CAP = 300  # pages are rendered for the printer at no more than this resolution


def print_pdf(document: QPdfDocument, printer: Any) -> bool:
    """Render a loaded PDF's pages into a printer, one page per sheet, scaled to fit."""
    count = document.pageCount()
    if count == 0:
        return False
    first, last = printer.fromPage(), printer.toPage()
    if first == 0 and last == 0:
        first, last = 1, count
    first, last = max(first, 1), min(last, count)
    painter = QPainter()
    if not painter.begin(printer):
        return False
    try:
        dpi = min(printer.resolution(), PRINT_DPI_CAP)
        target = printer.pageLayout().paintRectPixels(printer.resolution())
        for number in range(first, last + 1):
            if number > first:
                printer.newPage()
            points = document.pagePointSize(number - 1)
            pixels = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
            image = document.render(number - 1, pixels)
            scaled = pixels.scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(0, 0, scaled.width(), scaled.height()), image)
    finally:
        painter.end()
    return True
