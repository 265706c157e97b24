"""The run model every layer above transport shares: targets, profiles and the verdicts of a run."""
