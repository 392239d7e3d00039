"""The discrete-event engine: the only part of `simulate` that knows SimPy."""

from simulate.engine.replication import ReplicationOutput, run_replication

__all__ = ["ReplicationOutput", "run_replication"]
