"""Security plumbing: headers, tokens, passwords and the one sanitise function."""
