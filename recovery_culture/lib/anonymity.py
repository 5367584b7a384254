"""The one rule that keeps a group's answers from giving away any one person's.

Answers are shown only as a group of at least SMALLEST_GROUP people (ADR 0005): with two, each
of them could work out the other's answers from the average and their own."""

SMALLEST_GROUP = 3

SMALLEST_GROUP_FOR_RANGE = 5
"""A group's lowest and highest answers, and how far its answers spread, are shown only from this
many people. With three, the average, the lowest and the highest together give every answer."""
