"""dcwatch: foreign tech firms' data-center stances in the news, as Dagster assets.

``defs`` is loaded lazily so that the pure modules (event log, parsing, scoring)
can be imported, for example in worker processes, without importing Dagster.
"""


def __getattr__(name: str):
    if name == "defs":
        from dagster_project.definitions import defs

        return defs
    raise AttributeError(name)
