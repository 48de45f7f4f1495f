"""Reading and writing: paths, validated CSV tables and their schemas, the result cache,
progress and the one error type. Imports no other kimxi package.
"""
