"""Test-wide configuration: every test runs with Vietnamese active unless it says otherwise."""
