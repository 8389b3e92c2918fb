"""Local stand-ins for services the portal talks to over the network (no tests here)."""
