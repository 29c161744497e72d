"""The delivery loop on the fake unit of work: no test here may open a database."""

from tests.fakes.database_free import config, helpline, no_database

__all__ = ["config", "helpline", "no_database"]
