"""What the suite sends: request serializers, Hypothesis settings profiles, small value strategies."""
