"""Advocacy: providers, advocates and each child's advocacy from offer to closure."""
