"""Old import path, kept while open branches move over: the module is screening.engine.search."""

import importlib
import sys

sys.modules[__name__] = importlib.import_module("screening.engine.search")
