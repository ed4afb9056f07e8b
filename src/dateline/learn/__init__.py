"""Learned parts: small linear models trained by `dateline train …` and shipped as package data."""
