"""The Qt front end: shows core objects, holds no domain rules."""
