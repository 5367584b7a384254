"""TRIP's pages, one module for each step of the cycle: the plan and what members bring
(`plan`), benchmarking (`benchmarking`), priorities and action plans (`priorities`) and the
TRIP report (`report`)."""
