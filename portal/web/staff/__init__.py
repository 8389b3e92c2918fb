"""/staff/: sign-in with two factors, sign-out, password reset, home and accounts."""
