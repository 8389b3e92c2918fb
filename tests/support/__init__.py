"""What tests share besides data (tests/factories.py): signing in, walking the public
journey, reading pages. Modules here hold no tests."""
