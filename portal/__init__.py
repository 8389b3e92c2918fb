"""The children\x27s representations portal."""
