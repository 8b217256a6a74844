"""The demo clinic: deterministic, realistic practice data for trying Petrissage out.

`people.py` and `names.py` are pure (no database); `builder.py` writes through the services.
"""
