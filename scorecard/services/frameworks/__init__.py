"""Frameworks and crosswalks: what one track's progress unlocks in another (issue 16).

records: create, change, delete frameworks, items, links and relations;
evaluation: items scored as of a date through the one scoring service;
pages: what the framework pages show; transfer: CSV both ways.
"""
