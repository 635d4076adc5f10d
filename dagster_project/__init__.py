"""dcwatch: foreign tech firms' data-center stances in the news, as Dagster assets.

The Dagster code location is this package (``dagster dev -m dagster_project``); its
Definitions object is ``dagster_project.definitions.defs``, exposed here lazily as
``location`` so that the pure modules (event log, parsing, scoring) can be imported,
for example by parse worker processes, without importing Dagster. (The name is not
``defs`` because ``dagster_project.defs`` is the package of stage definitions.)
"""


def __getattr__(name: str):
    if name == "location":
        from dagster_project.definitions import defs

        return defs
    raise AttributeError(name)


def __dir__() -> list[str]:
    # Dagster finds a code location's Definitions by listing the module's members.
    return sorted([*globals(), "location"])
