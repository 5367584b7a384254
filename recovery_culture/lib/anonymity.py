"""The one rule that keeps a group's answers from giving away any one person's.

Answers are shown only as a group of at least SMALLEST_GROUP people (ADR 0005): with two, each
of them could work out the other's answers from the average and their own."""

SMALLEST_GROUP = 3
