"""Pure-Python clinical and billing logic. Nothing here may import Django."""
