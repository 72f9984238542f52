"""Peer solvers for the benchmarks (not part of loadplan; installed at run time)."""
