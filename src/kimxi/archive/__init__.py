"""KCNA's English archive: loading and checking it, its committed tables, the countries its
articles mention and its weekly coverage.
"""
