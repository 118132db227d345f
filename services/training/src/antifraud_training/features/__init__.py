"""Feature computation from the shared spec (services/contracts/features.json)."""
