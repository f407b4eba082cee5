"""`make bench`: the portal's figures, each from one run on this machine (see README, Benchmarks)."""
