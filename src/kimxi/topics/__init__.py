"""Topic models: terms, NMF fits, the stability of k, and topics over time."""
