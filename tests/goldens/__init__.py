"""Goldens recorded from torch (``<area>.json``) and the recorders that write them
(``record_<area>.py``, run by ``scripts/record_goldens.py``). A package, so tests can import a
recorder's shared tables directly (recorders import torch only inside ``record()``)."""
