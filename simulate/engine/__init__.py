"""The discrete-event engine, the only part of `simulate` that knows SimPy, and its raw output.

``replication`` runs one replication (``process``: a case through the compiled flow; ``primitives``, ``recording``, ``arrivals``,
``streams`` make up the model); ``tables`` turns the raw columns into the result tables whose
schema is in ``columns``.
"""

from simulate.engine.replication import ReplicationOutput, run_replication

__all__ = ["ReplicationOutput", "run_replication"]
