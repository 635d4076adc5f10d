"""What an analyst gets: named queries with parameters, charts, alerts and exports.

Pure modules (no Dagster): the marts assets and the ``dcwatch`` subcommands call them.
"""
