"""The bundled offline demo corpus (see README.md); build_demo.py regenerates it."""
